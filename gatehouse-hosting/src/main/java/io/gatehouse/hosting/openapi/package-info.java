/**
 * REST APIs served as MCP servers: an OpenAPI 3.0 or 3.1 document becomes a list of tools, one per
 * operation, and a tool call becomes the HTTP request the operation describes. {@link
 * OpenApiHosting} is the facade: it serves each route's tools at an internal path of Gatehouse's
 * own HTTP edge, so the gateway reaches them like any other upstream (sessions, policies, audit
 * unchanged).
 */
package io.gatehouse.hosting.openapi;
