package io.gatehouse.hosting.virtual;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The four lists a virtual server merges: which method pages through them, which field of the
 * result holds the entries, which capability a source must have answered, which field names an
 * entry and whether that name gets the source's prefix (tools and prompts do; resource URIs are
 * kept as they are).
 */
enum Listing {
  TOOLS("tools/list", "tools", "tools", "name", true),
  PROMPTS("prompts/list", "prompts", "prompts", "name", true),
  RESOURCES("resources/list", "resources", "resources", "uri", false),
  TEMPLATES("resources/templates/list", "resourceTemplates", "resources", "uriTemplate", false);

  final String method;
  final String field;
  final String capability;
  final String key;
  final boolean prefixed;

  Listing(String method, String field, String capability, String key, boolean prefixed) {
    this.method = method;
    this.field = field;
    this.capability = capability;
    this.key = key;
    this.prefixed = prefixed;
  }

  /** The listing {@code method} pages through, or null. */
  static Listing of(String method) {
    for (Listing l : values()) {
      if (l.method.equals(method)) {
        return l;
      }
    }
    return null;
  }

  /** Whether {@code s}'s allow list for this kind admits {@code name} (the source's own name). */
  boolean shows(VirtualSource s, String name) {
    return switch (this) {
      case TOOLS -> s.showsTool(name);
      case PROMPTS -> s.showsPrompt(name);
      case RESOURCES, TEMPLATES -> s.showsResource(name);
    };
  }

  /** {@code entries} of source {@code s} as the virtual server lists them: allowed, renamed. */
  List<ObjectNode> shown(VirtualSource s, List<JsonNode> entries) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode e : entries) {
      if (!e.isObject() || !e.path(key).isString() || !shows(s, e.get(key).stringValue())) {
        continue;
      }
      ObjectNode copy = ((ObjectNode) e).deepCopy();
      if (prefixed) {
        copy.put(key, s.prefix() + e.get(key).stringValue());
      }
      out.add(copy);
    }
    return out;
  }
}
