package io.gatehouse.catalog.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The catalog's one JSON mapper, and parsing of stored JSON columns. */
public final class Jsons {
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Jsons() {}

  public static ObjectNode object(String json) {
    return (ObjectNode) MAPPER.readTree(json);
  }

  /** A stored JSON column, or null for SQL NULL. */
  public static JsonNode nullable(String json) {
    return json == null ? null : MAPPER.readTree(json);
  }

  public static String write(JsonNode node) {
    return node == null ? null : MAPPER.writeValueAsString(node);
  }

  /** Parses a request body; null if it is not JSON. */
  public static JsonNode parseOrNull(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }
}
