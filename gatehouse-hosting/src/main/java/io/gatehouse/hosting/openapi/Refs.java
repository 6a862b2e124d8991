package io.gatehouse.hosting.openapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves {@code $ref}s that point inside one document ({@code #/components/schemas/Item}),
 * recursively, into a self-contained copy. A schema that refers to itself (a tree) is cut at the
 * second visit with an empty schema, which accepts anything. Keys next to a {@code $ref} (allowed
 * in OpenAPI 3.1) are kept over the target's.
 */
final class Refs {
  private final JsonNode document;
  private final Deque<String> visiting = new ArrayDeque<>();

  Refs(JsonNode document) {
    this.document = document;
  }

  JsonNode resolve(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> out.add(resolve(n)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isString()) {
      return inline(ref.asString(), (ObjectNode) node);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.set(e.getKey(), resolve(e.getValue()));
    }
    return out;
  }

  private JsonNode inline(String ref, ObjectNode holder) {
    if (!ref.startsWith("#")) {
      throw SpecLoader.invalid(
          "$ref '" + ref + "' points outside the document (expected: a #/... pointer)");
    }
    if (visiting.contains(ref)) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode target = document.at(ref.substring(1));
    if (target.isMissingNode()) {
      throw SpecLoader.invalid("$ref '" + ref + "' points at nothing in the document");
    }
    visiting.push(ref);
    try {
      JsonNode resolved = resolve(target);
      if (holder.size() == 1 || !resolved.isObject()) {
        return resolved;
      }
      ObjectNode merged = ((ObjectNode) resolved).deepCopy();
      for (Map.Entry<String, JsonNode> e : holder.properties()) {
        if (!e.getKey().equals("$ref")) {
          merged.set(e.getKey(), resolve(e.getValue()));
        }
      }
      return merged;
    } finally {
      visiting.pop();
    }
  }
}
