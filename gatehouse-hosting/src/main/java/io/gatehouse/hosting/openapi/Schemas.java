package io.gatehouse.hosting.openapi;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI schema (already {@code $ref}-free) into plain JSON Schema: OpenAPI 3.0's {@code
 * nullable} becomes a {@code "null"} type, and the keys that are OpenAPI's own ({@code
 * discriminator}, {@code xml}, {@code externalDocs}, {@code example}) are dropped.
 */
final class Schemas {
  private static final Set<String> OPENAPI_ONLY =
      Set.of("discriminator", "xml", "externalDocs", "example", "nullable");

  private Schemas() {}

  static JsonNode toJsonSchema(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      return schema == null ? JsonNodeFactory.instance.objectNode() : schema;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : schema.properties()) {
      String k = e.getKey();
      JsonNode v = e.getValue();
      if (OPENAPI_ONLY.contains(k)) {
        continue;
      }
      switch (k) {
        case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" ->
            out.set(k, eachValue(v));
        case "items",
            "additionalProperties",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedProperties",
            "unevaluatedItems" ->
            out.set(k, toJsonSchema(v));
        case "allOf", "anyOf", "oneOf", "prefixItems" -> out.set(k, eachElement(v));
        default -> out.set(k, v);
      }
    }
    if (schema.path("nullable").asBoolean(false)) {
      JsonNode type = out.get("type");
      if (type != null && type.isString()) {
        ArrayNode types = JsonNodeFactory.instance.arrayNode().add(type.asString()).add("null");
        out.set("type", types);
      }
    }
    return out;
  }

  private static JsonNode eachValue(JsonNode v) {
    if (!v.isObject()) {
      return v;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.set(e.getKey(), toJsonSchema(e.getValue()));
    }
    return out;
  }

  private static JsonNode eachElement(JsonNode v) {
    if (!v.isArray()) {
      return v;
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    v.forEach(n -> out.add(toJsonSchema(n)));
    return out;
  }
}
