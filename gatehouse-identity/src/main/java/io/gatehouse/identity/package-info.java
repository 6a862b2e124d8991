/**
 * Who may call Gatehouse: projects and their members, consumers and their API keys. {@link
 * io.gatehouse.identity.Identity} opens it on the store; its {@link
 * io.gatehouse.identity.Identity#keys() key snapshot} is what the gateway's inbound authentication
 * checks keys against, and {@link io.gatehouse.identity.http.IdentityAdminApi} serves it under
 * {@code /admin/v1}.
 */
package io.gatehouse.identity;
