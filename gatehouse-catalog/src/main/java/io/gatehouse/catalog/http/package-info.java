/**
 * The registry API ({@code /v0.1}) and the admin API ({@code /admin/v1}) as blocking Jetty core
 * handlers.
 */
package io.gatehouse.catalog.http;
