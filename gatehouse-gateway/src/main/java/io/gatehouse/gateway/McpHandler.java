package io.gatehouse.gateway;

import io.gatehouse.protocol.JsonRpcMessage;

/** Answers one MCP message. The last handler of every chain relays the message to the route's upstream. */
@FunctionalInterface
public interface McpHandler {
  McpOutcome handle(McpExchange exchange, JsonRpcMessage message) throws Exception;
}
