package io.gatehouse.gateway;

import io.gatehouse.protocol.JsonRpcMessage;

/**
 * One policy step around the handling of an MCP message: it may look at the exchange, refuse the message
 * by returning its own outcome, or call {@code next} at most once and look at what came back. Filters
 * are registered with a {@link Phase}, which alone decides their order.
 */
@FunctionalInterface
public interface McpFilter {
  McpOutcome filter(McpExchange exchange, JsonRpcMessage message, McpHandler next) throws Exception;
}
