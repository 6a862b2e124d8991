package io.gatehouse.observe.trace;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;

/**
 * Span names per the MCP semantic conventions: {@code {mcp.method.name} {target}}, the target being
 * the tool or prompt name where there is one; HTTP requests that carry no request are named for
 * what they do.
 */
final class SpanNames {
  private SpanNames() {}

  static String of(McpExchange ex) {
    return switch (ex.entry()) {
      case MESSAGE -> of(ex.message());
      case STREAM -> "GET stream";
      case DELETE -> "DELETE session";
      case SSE_CONNECT -> "GET sse";
    };
  }

  private static String of(JsonRpcMessage m) {
    if (m.method() == null) {
      return "response";
    }
    if (m.toolName() != null) {
      return m.method() + " " + m.toolName();
    }
    if ("prompts/get".equals(m.method()) && m.name() != null) {
      return m.method() + " " + m.name();
    }
    return m.method();
  }
}
