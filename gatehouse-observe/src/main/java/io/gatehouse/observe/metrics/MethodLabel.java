package io.gatehouse.observe.metrics;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.Set;

/**
 * The {@code method} label of an exchange: an MCP method the specification names, or what the HTTP
 * request did when it carries no request; anything else a caller sends is {@code other}, so callers
 * cannot grow the label set.
 */
final class MethodLabel {
  static final String OTHER = "other";

  /** The methods of the MCP specification (2025-11-25), requests and notifications. */
  private static final Set<String> KNOWN =
      Set.of(
          "initialize",
          "ping",
          "tools/list",
          "tools/call",
          "resources/list",
          "resources/templates/list",
          "resources/read",
          "resources/subscribe",
          "resources/unsubscribe",
          "prompts/list",
          "prompts/get",
          "completion/complete",
          "logging/setLevel",
          "tasks/get",
          "tasks/list",
          "tasks/result",
          "tasks/cancel",
          "notifications/initialized",
          "notifications/cancelled",
          "notifications/progress",
          "notifications/roots/list_changed",
          "notifications/tasks/status");

  private MethodLabel() {}

  /** The label of {@code ex}: the known method, or one of response, stream, delete, sse, other. */
  static String of(McpExchange ex) {
    return switch (ex.entry()) {
      case MESSAGE -> of(ex.message());
      case STREAM -> "stream";
      case DELETE -> "delete";
      case SSE_CONNECT -> "sse";
    };
  }

  private static String of(JsonRpcMessage m) {
    if (m.method() == null) {
      return "response";
    }
    return KNOWN.contains(m.method()) ? m.method() : OTHER;
  }
}
