/**
 * The tool catalog: servers and versions (server.json documents), environments, deployments behind
 * the gateway, auth schemes, access rules and discovered tools. {@link
 * io.gatehouse.catalog.Catalog} opens it on the store, serves the MCP Registry API and the admin
 * API, and keeps the gateway's {@code catalog} routes equal to its deployments.
 */
package io.gatehouse.catalog;
