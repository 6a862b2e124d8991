package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A tool schema a connection pins or reads from its metadata URL: MCP {@code Tool} objects, checked
 * when set, and how an upstream's own {@code tools/list} differs from them.
 */
final class ToolSchema {
  static final int MAX_TOOLS = 1000;
  static final int MAX_BYTES = 1024 * 1024;

  // MCP 2025-11-25, server/tools "Tool names": 1 to 128 of A-Z, a-z, 0-9, _, - and .
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private ToolSchema() {}

  /** {@code tools} checked, or {@code INVALID_CONNECTION} naming {@code field[i].key}. */
  static ArrayNode checked(String field, JsonNode tools) {
    if (!(tools instanceof ArrayNode array)) {
      throw invalid(field + ": expected an array of tools");
    }
    if (array.size() > MAX_TOOLS) {
      throw invalid(field + ": " + array.size() + " tools (expected: at most " + MAX_TOOLS + ")");
    }
    int bytes = array.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw invalid(field + ": " + bytes + " bytes (expected: at most " + MAX_BYTES + ")");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      tool(field + "[" + i + "]", array.get(i), seen);
    }
    return array.deepCopy();
  }

  private static void tool(String at, JsonNode t, Set<String> seen) {
    if (!t.isObject()) {
      throw invalid(at + ": expected a tool object");
    }
    JsonNode name = t.path("name");
    if (!name.isString() || !NAME.matcher(name.stringValue()).matches()) {
      throw invalid(at + ".name: " + name + " (expected: 1-128 of A-Z a-z 0-9 _ - .)");
    }
    if (!seen.add(name.stringValue())) {
      throw invalid(at + ".name: '" + name.stringValue() + "' is listed twice");
    }
    for (String text : List.of("title", "description")) {
      if (t.has(text) && !t.get(text).isString()) {
        throw invalid(at + "." + text + ": expected a string");
      }
    }
    schema(at + ".inputSchema", t.path("inputSchema"), true);
    schema(at + ".outputSchema", t.path("outputSchema"), false);
  }

  private static void schema(String at, JsonNode s, boolean required) {
    if (s.isMissingNode() && !required) {
      return;
    }
    if (!s.isObject() || !"object".equals(s.path("type").asString(null))) {
      throw invalid(at + ": expected a JSON Schema object with \"type\": \"object\"");
    }
  }

  static List<String> names(Iterable<JsonNode> tools) {
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.path("name").asString("")));
    return names;
  }

  /**
   * {@code TOOLS_DIFFER: ...} when the upstream's {@code tools} add, lack or change (another {@code
   * inputSchema}, compared as JSON) any of {@code schema}'s, or null when they agree.
   */
  static String drift(JsonNode schema, List<JsonNode> upstream) {
    Map<String, JsonNode> pinned = byName(schema);
    Map<String, JsonNode> listed = byName(upstream);
    List<String> adds = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    listed.forEach(
        (name, tool) -> {
          JsonNode mine = pinned.get(name);
          if (mine == null) {
            adds.add(name);
          } else if (!mine.path("inputSchema").equals(tool.path("inputSchema"))) {
            changes.add(name);
          }
        });
    List<String> lacks =
        pinned.keySet().stream().filter(name -> !listed.containsKey(name)).toList();
    if (adds.isEmpty() && lacks.isEmpty() && changes.isEmpty()) {
      return null;
    }
    return "TOOLS_DIFFER: the upstream adds "
        + adds
        + ", lacks "
        + lacks
        + ", changes "
        + changes
        + "; review the tools and pin them again";
  }

  private static Map<String, JsonNode> byName(Iterable<JsonNode> tools) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    tools.forEach(t -> out.put(t.path("name").asString(""), t));
    return out;
  }

  private static GatehouseException invalid(String message) {
    return new GatehouseException(ConnectErrors.INVALID_CONNECTION, message);
  }
}
