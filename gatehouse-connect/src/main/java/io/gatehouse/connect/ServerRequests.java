package io.gatehouse.connect;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the requests an upstream sends its client ({@code elicitation/create}, {@code
 * sampling/createMessage}, {@code roots/list}, {@code ping}), and declares in {@code initialize}
 * which it supports.
 */
public interface ServerRequests {
  /** The client capabilities sent in {@code initialize}. */
  ObjectNode capabilities();

  /** The result for {@code method}, or empty when it is not supported (JSON-RPC -32601). */
  Optional<JsonNode> answer(String method, JsonNode params);
}
