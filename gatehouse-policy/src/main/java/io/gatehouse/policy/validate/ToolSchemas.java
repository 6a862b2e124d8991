package io.gatehouse.policy.validate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The tools one route's upstream has listed, with their schemas, as learned from the {@code
 * tools/list} answers relayed to clients. Kept by the part per route name, so a route that is
 * published again (a configuration reload, a catalog change) keeps what it learned; forgotten when
 * the upstream says its list changed.
 */
final class ToolSchemas {
  /** How many tools a route keeps: an upstream listing more gets the rest unvalidated. */
  static final int MOST = 10_000;

  /** One listed tool: its schemas, null where it declares none. */
  record Listed(ToolSchema input, ToolSchema output) {}

  private final String route;
  private final Map<String, Listed> tools = new ConcurrentHashMap<>();

  ToolSchemas(String route) {
    this.route = route;
  }

  /** The tool as last listed, or null when it is not (or no longer) known. */
  Listed get(String tool) {
    return tools.get(tool);
  }

  boolean isKnown(String tool) {
    return tools.containsKey(tool);
  }

  int size() {
    return tools.size();
  }

  /**
   * Learns one tool of a {@code tools/list} page. A schema equal to the one known keeps its
   * compiled form, so listing again costs no compilation.
   */
  void learn(String tool, JsonNode inputSchema, JsonNode outputSchema) {
    Listed was = tools.get(tool);
    if (was == null && tools.size() >= MOST) {
      return;
    }
    ToolSchema in = keep(was == null ? null : was.input(), inputSchema, tool, "inputSchema");
    ToolSchema out = keep(was == null ? null : was.output(), outputSchema, tool, "outputSchema");
    if (was == null || was.input() != in || was.output() != out) {
      tools.put(tool, new Listed(in, out));
    }
  }

  private ToolSchema keep(ToolSchema was, JsonNode schema, String tool, String which) {
    if (schema == null || !schema.isObject()) {
      return null;
    }
    if (was != null && was.source().equals(schema)) {
      return was;
    }
    return new ToolSchema(schema, "route '" + route + "', tool '" + tool + "', " + which);
  }

  /** Forgets every tool: the upstream said its list changed. */
  void forget() {
    tools.clear();
  }
}
