package io.gatehouse.connect;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server requests answered with no person to ask: a form elicitation is accepted with the defaults
 * its schema gives (SEP-1034) and declined when a required field has none; URL elicitations are
 * declined; {@code ping} is answered; sampling and roots are not offered.
 */
public final class AcceptDefaults implements ServerRequests {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public ObjectNode capabilities() {
    ObjectNode c = JSON.createObjectNode();
    c.putObject("elicitation").putObject("form");
    return c;
  }

  @Override
  public Optional<JsonNode> answer(String method, JsonNode params) {
    return switch (method) {
      case "ping" -> Optional.of(JSON.createObjectNode());
      case "elicitation/create" -> Optional.of(elicit(params));
      default -> Optional.empty();
    };
  }

  private static JsonNode elicit(JsonNode params) {
    ObjectNode result = JSON.createObjectNode();
    if ("url".equals(params.path("mode").asString(""))) {
      return result.put("action", "decline");
    }
    JsonNode schema = params.path("requestedSchema");
    ObjectNode content = JSON.createObjectNode();
    for (var field : schema.path("properties").properties()) {
      if (field.getValue().has("default")) {
        content.set(field.getKey(), field.getValue().get("default"));
      }
    }
    for (JsonNode required : schema.path("required")) {
      if (!content.has(required.asString(""))) {
        return result.put("action", "decline");
      }
    }
    result.put("action", "accept").set("content", content);
    return result;
  }
}
