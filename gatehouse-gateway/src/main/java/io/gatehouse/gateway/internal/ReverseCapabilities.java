package io.gatehouse.gateway.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a bridged session's client can answer an upstream's input request, by the capabilities
 * its {@code initialize} declared (2025-11-25 client capabilities): elicitation in form mode needs
 * {@code elicitation} (empty, or with {@code form}), in URL mode {@code elicitation.url}; sampling
 * needs {@code sampling}; a roots listing needs {@code roots}. Asking anyway would leave the call
 * waiting on a client that answers "method not found", or nothing.
 */
final class ReverseCapabilities {
  private ReverseCapabilities() {}

  /**
   * The capability path {@code request} needs and {@code caps} lacks (such as {@code
   * "elicitation.url"}), or null when the client can answer it. Methods the bridge does not know
   * are left to the client.
   */
  static String missing(JsonNode request, ObjectNode caps) {
    String method = request.path("method").asString("");
    return switch (method) {
      case "elicitation/create" -> elicitation(request.path("params"), caps.get("elicitation"));
      case "sampling/createMessage" ->
          caps.get("sampling") instanceof ObjectNode ? null : "sampling";
      case "roots/list" -> caps.get("roots") instanceof ObjectNode ? null : "roots";
      default -> null;
    };
  }

  private static String elicitation(JsonNode params, JsonNode declared) {
    String mode = params.path("mode").asString("form");
    if (!(declared instanceof ObjectNode e)) {
      return "elicitation";
    }
    if ("url".equals(mode)) {
      return e.get("url") instanceof ObjectNode ? null : "elicitation.url";
    }
    // 2025-11-25: an empty elicitation object means form mode
    return e.isEmpty() || e.get("form") instanceof ObjectNode ? null : "elicitation.form";
  }
}
