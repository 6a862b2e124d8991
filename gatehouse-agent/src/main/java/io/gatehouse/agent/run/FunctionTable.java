package io.gatehouse.agent.run;

import io.gatehouse.agent.model.FunctionTool;
import io.gatehouse.agent.wire.McpToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The functions one frame offers its model: each allowed MCP tool as {@code <label>__<tool>}
 * (letters, digits, {@code _} and {@code -} only, at most 64 characters, made unique), and one
 * {@code delegate_to_<subagent>} per subagent. Rebuilt from the listed tools, so the same lists
 * give the same names on every turn of a chain.
 */
final class FunctionTable {
  /** What a function name stands for: an MCP tool of a server, or a subagent. */
  record Target(McpToolSpec spec, String tool, JsonNode definition, String subagent) {}

  private final Map<String, Target> byName = new LinkedHashMap<>();
  private final List<FunctionTool> functions = new ArrayList<>();

  void addTool(McpToolSpec spec, JsonNode tool) {
    String name = tool.path("name").asString("");
    String fn = unique(sanitize(spec.serverLabel() + "__" + name));
    byName.put(fn, new Target(spec, name, tool, null));
    JsonNode schema = tool.path("inputSchema");
    ObjectNode parameters =
        schema.isObject() ? (ObjectNode) schema.deepCopy() : JsonNodeFactory.instance.objectNode();
    if (!parameters.has("type")) {
      parameters.put("type", "object");
    }
    String description = tool.path("description").asString(null);
    if (spec.description() != null) {
      description =
          (description == null ? "" : description + " ")
              + "(server "
              + spec.serverLabel()
              + ": "
              + spec.description()
              + ")";
    }
    functions.add(new FunctionTool(fn, description, parameters));
  }

  void addSubagent(String subagent) {
    String fn = unique(sanitize("delegate_to_" + subagent.replace('-', '_')));
    byName.put(fn, new Target(null, null, null, subagent));
    ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("type", "object");
    parameters
        .putObject("properties")
        .putObject("task")
        .put("type", "string")
        .put("description", "what the subagent should do, with everything it needs to know");
    parameters.putArray("required").add("task");
    functions.add(
        new FunctionTool(
            fn,
            "Delegate a task to the subagent '" + subagent + "', which owns its own tools.",
            parameters));
  }

  Target target(String function) {
    return byName.get(function);
  }

  /** The function name of {@code tool} of server {@code label}, or null. */
  String functionOf(String label, String tool) {
    for (var e : byName.entrySet()) {
      Target t = e.getValue();
      if (t.spec() != null
          && t.spec().serverLabel().equals(label)
          && (tool == null || t.tool().equals(tool))) {
        return e.getKey();
      }
    }
    return null;
  }

  List<FunctionTool> functions() {
    return functions;
  }

  private String unique(String base) {
    String name = base;
    for (int i = 2; byName.containsKey(name); i++) {
      String suffix = "_" + i;
      name =
          (base.length() + suffix.length() > 64 ? base.substring(0, 64 - suffix.length()) : base)
              + suffix;
    }
    return name;
  }

  private static String sanitize(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9_-]", "_");
    return clean.length() > 64 ? clean.substring(0, 64) : clean;
  }
}
