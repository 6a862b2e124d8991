/**
 * The MCP data plane. {@link io.gatehouse.gateway.Gateway} serves {@code /mcp/{route}} (Streamable
 * HTTP) and {@code /mcp/{route}/sse} (legacy HTTP+SSE) on the HTTP edge's event loops, seals
 * sessions into their ids so any replica can serve them, runs each exchange through the {@link
 * io.gatehouse.gateway.McpPolicy} pipeline and relays it to the route's upstream. It reads routes
 * only from the current immutable {@link io.gatehouse.gateway.RoutingSnapshot}.
 */
package io.gatehouse.gateway;
