package io.gatehouse.selfmcp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The module's JSON mapper and the few schema shapes its tools repeat. */
final class Json {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code {"type": "object", "properties": {}, "required": [...]}}, properties to fill in. */
  static ObjectNode schema(String... required) {
    ObjectNode s = object().put("type", "object");
    s.putObject("properties");
    if (required.length > 0) {
      ArrayNode r = s.putArray("required");
      for (String name : required) {
        r.add(name);
      }
    }
    return s;
  }

  static ObjectNode string(ObjectNode schema, String name, String description) {
    schema
        .withObject("properties")
        .putObject(name)
        .put("type", "string")
        .put("description", description);
    return schema;
  }

  static ObjectNode integer(ObjectNode schema, String name, int min, int max, String description) {
    schema
        .withObject("properties")
        .putObject(name)
        .put("type", "integer")
        .put("minimum", min)
        .put("maximum", max)
        .put("description", description);
    return schema;
  }

  static ObjectNode choice(ObjectNode schema, String name, String description, String... values) {
    ObjectNode p =
        schema
            .withObject("properties")
            .putObject(name)
            .put("type", "string")
            .put("description", description);
    ArrayNode e = p.putArray("enum");
    for (String v : values) {
      e.add(v);
    }
    return schema;
  }

  /** An output schema: an object whose {@code field} is an array of objects. */
  static ObjectNode listOutput(String field) {
    ObjectNode s = schema(field);
    s.withObject("properties")
        .putObject(field)
        .put("type", "array")
        .putObject("items")
        .put("type", "object");
    return s;
  }

  static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? object() : MAPPER.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
