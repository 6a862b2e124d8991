package io.gatehouse.agent.define;

import io.gatehouse.core.Problem;
import io.gatehouse.core.RouteName;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks an agent's JSON as the admin API and the configuration file take it, naming every problem
 * by the path of its field, and normalises it: {@code require_approval} in Foundry's list form
 * ({@code {"always": ["a"]}}) becomes OpenAI's filter shape ({@code {"always": {"tool_names":
 * ["a"]}}}), which is what is stored. The checks that need the store (the connections and subagents
 * exist, no cycle, a subagent owns its tools) are {@link Agents}'.
 */
public final class AgentCheck {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> FIELDS =
      Set.of("name", "model", "instructions", "tools", "subagents");

  /** What the API shows beside the definition; a body read back and sent again may carry them. */
  private static final Set<String> SHOWN =
      Set.of(
          "project", "published", "publishedAt", "identity", "managedBy", "createdAt", "updatedAt");

  private static final Set<String> TOOL_FIELDS =
      Set.of(
          "type",
          "server_label",
          "server_description",
          "server_url",
          "project_connection_id",
          "route",
          "allowed_tools",
          "require_approval");
  private static final List<String> SOURCES =
      List.of("project_connection_id", "route", "server_url");

  private AgentCheck() {}

  /**
   * An agent as checked.
   *
   * @param name its name, or null when it has none
   * @param definition what is stored: {@code model}, {@code instructions}, {@code tools}
   *     (normalised) and {@code subagents}
   * @param problems everything wrong with it; empty when nothing is
   */
  record Checked(String name, ObjectNode definition, List<Problem> problems) {}

  /**
   * What is wrong with an agent's JSON that needs no store: its name, model, tools and the shape of
   * its subagents. Empty when nothing is.
   */
  public static List<Problem> problems(JsonNode body) {
    return check(body, null).problems();
  }

  /**
   * @param pathName the name in the URL, which a name in the body must equal; null when the body
   *     must name the agent
   */
  static Checked check(JsonNode body, String pathName) {
    List<Problem> out = new ArrayList<>();
    ObjectNode def = NODES.objectNode();
    if (!(body instanceof ObjectNode o)) {
      out.add(new Problem("", "type", "the agent must be a JSON object"));
      return new Checked(pathName, def, out);
    }
    for (String f : o.propertyNames()) {
      if (!FIELDS.contains(f) && !SHOWN.contains(f)) {
        out.add(
            new Problem(
                f,
                "unknown-field",
                f + ": unknown (expected: " + FIELDS.stream().sorted().toList() + ")"));
      }
    }
    String name = name(o, pathName, out);
    JsonNode model = o.path("model");
    if (!model.isString() || model.stringValue().isBlank()) {
      out.add(
          new Problem(
              "model", "required", "model: " + shown(model) + " (expected: the model's name)"));
    } else {
      def.put("model", model.stringValue().trim());
    }
    JsonNode instructions = o.path("instructions");
    if (instructions.isString()) {
      def.put("instructions", instructions.stringValue());
    } else if (!instructions.isMissingNode() && !instructions.isNull()) {
      out.add(
          new Problem(
              "instructions",
              "type",
              "instructions: " + shown(instructions) + " (expected: a string)"));
    }
    def.set("tools", tools(o.path("tools"), out));
    def.set("subagents", subagents(o.path("subagents"), name, out));
    return new Checked(name, def, out);
  }

  private static String name(ObjectNode o, String pathName, List<Problem> out) {
    JsonNode n = o.path("name");
    if (n.isMissingNode() && pathName != null) {
      return pathName;
    }
    String name = n.isString() ? n.stringValue() : null;
    if (!RouteName.isValid(name)) {
      out.add(
          new Problem(
              "name", "pattern", "name: " + shown(n) + " (expected: " + RouteName.rule() + ")"));
      return pathName;
    }
    if (pathName != null && !pathName.equals(name)) {
      out.add(
          new Problem(
              "name",
              "name-mismatch",
              "name: '" + name + "' (expected: '" + pathName + "', the name in the URL)"));
      return pathName;
    }
    return name;
  }

  private static ArrayNode tools(JsonNode tools, List<Problem> out) {
    ArrayNode result = NODES.arrayNode();
    if (tools.isMissingNode() || tools.isNull()) {
      return result;
    }
    if (!tools.isArray()) {
      out.add(new Problem("tools", "type", "tools: expected a list of MCP tools"));
      return result;
    }
    Map<String, Integer> labels = new HashMap<>();
    for (int i = 0; i < tools.size(); i++) {
      String at = "tools[" + i + "]";
      ObjectNode tool = tool(tools.get(i), at, out);
      if (tool == null) {
        continue;
      }
      String label = tool.path("server_label").asString(null);
      if (label != null) {
        Integer before = labels.putIfAbsent(label, i);
        if (before != null) {
          out.add(
              new Problem(
                  at + ".server_label",
                  "duplicate",
                  at
                      + ".server_label: '"
                      + label
                      + "' is also tools["
                      + before
                      + "]'s (expected: a label of its own)"));
        }
      }
      result.add(tool);
    }
    return result;
  }

  /** One tool, checked and normalised; null when it is not an object. */
  private static ObjectNode tool(JsonNode t, String at, List<Problem> out) {
    if (!(t instanceof ObjectNode given)) {
      out.add(new Problem(at, "type", at + ": expected {\"type\": \"mcp\", ...}"));
      return null;
    }
    ObjectNode tool = given.deepCopy();
    for (String f : given.propertyNames()) {
      if (f.equals("headers") || f.equals("authorization")) {
        out.add(
            new Problem(
                at + "." + f,
                "credential-in-agent",
                at
                    + "."
                    + f
                    + ": a stored agent holds no credential (expected: a connection that keeps it,"
                    + " named by project_connection_id)"));
      } else if (!TOOL_FIELDS.contains(f)) {
        out.add(
            new Problem(
                at + "." + f,
                "unknown-field",
                at
                    + "."
                    + f
                    + ": unknown (expected: "
                    + TOOL_FIELDS.stream().sorted().toList()
                    + ")"));
      }
    }
    if (!"mcp".equals(given.path("type").asString(null))) {
      out.add(
          new Problem(
              at + ".type",
              "type",
              at + ".type: " + shown(given.path("type")) + " (expected: 'mcp')"));
    }
    JsonNode label = given.path("server_label");
    if (!label.isString() || !LABEL.matcher(label.stringValue()).matches()) {
      out.add(
          new Problem(
              at + ".server_label",
              "pattern",
              at + ".server_label: " + shown(label) + " (expected: " + LABEL.pattern() + ")"));
    }
    source(given, at, out);
    if (given.has("allowed_tools")) {
      JsonNode a = given.get("allowed_tools");
      tool.set(
          "allowed_tools",
          a.isArray()
              ? names(a, at + ".allowed_tools", out)
              : filter(a, at + ".allowed_tools", out));
    }
    if (given.has("require_approval")) {
      tool.set("require_approval", approval(given.get("require_approval"), at, out));
    }
    return tool;
  }

  /** Exactly one of {@code project_connection_id}, {@code route} and {@code server_url}. */
  private static void source(ObjectNode t, String at, List<Problem> out) {
    List<String> given = SOURCES.stream().filter(t::has).toList();
    if (given.size() != 1) {
      out.add(
          new Problem(
              at,
              "one-source",
              at
                  + ": "
                  + (given.isEmpty() ? "no server" : "both " + String.join(" and ", given))
                  + " (expected: one of project_connection_id, route or server_url)"));
      return;
    }
    String field = given.getFirst();
    JsonNode v = t.get(field);
    String text = v.isString() ? v.stringValue() : null;
    boolean ok = field.equals("server_url") ? isHttpUrl(text) : RouteName.isValid(text);
    if (!ok) {
      out.add(
          new Problem(
              at + "." + field,
              field.equals("server_url") ? "url" : "pattern",
              at
                  + "."
                  + field
                  + ": "
                  + shown(v)
                  + (field.equals("server_url")
                      ? " (expected: an absolute http or https URL)"
                      : " (expected: a "
                          + (field.equals("route") ? "route" : "connection")
                          + " name, "
                          + RouteName.rule()
                          + ")")));
    }
  }

  /**
   * {@code "always"}, {@code "never"}, OpenAI's {@code {always: FILTER, never: FILTER}}, or
   * Foundry's {@code {always: [names]}} / {@code {never: [names]}}; returned in OpenAI's shape.
   */
  private static JsonNode approval(JsonNode v, String at, List<Problem> out) {
    String field = at + ".require_approval";
    if (v.isString() && (v.stringValue().equals("always") || v.stringValue().equals("never"))) {
      return v;
    }
    if (!(v instanceof ObjectNode o) || o.isEmpty()) {
      out.add(
          new Problem(
              field,
              "type",
              field
                  + ": "
                  + shown(v)
                  + " (expected: always, never, {always: {tool_names}, never: {tool_names}} or"
                  + " {always: [names]})"));
      return v;
    }
    ObjectNode result = NODES.objectNode();
    for (String k : o.propertyNames()) {
      if (!k.equals("always") && !k.equals("never")) {
        out.add(
            new Problem(
                field + "." + k,
                "unknown-field",
                field + "." + k + ": unknown (expected: always or never)"));
        continue;
      }
      JsonNode f = o.get(k);
      if (f.isArray()) {
        ObjectNode filter = NODES.objectNode();
        filter.set("tool_names", names(f, field + "." + k, out));
        result.set(k, filter);
      } else {
        result.set(k, filter(f, field + "." + k, out));
      }
    }
    Set<String> always = toolNames(result.path("always"));
    for (String n : toolNames(result.path("never"))) {
      if (always.contains(n)) {
        out.add(
            new Problem(
                field,
                "conflict",
                field + ": tool '" + n + "' is under both always and never (expected: one)"));
      }
    }
    return result;
  }

  /** OpenAI's tool filter: {@code {tool_names: [...], read_only: bool}}. */
  private static ObjectNode filter(JsonNode f, String at, List<Problem> out) {
    ObjectNode result = NODES.objectNode();
    if (!(f instanceof ObjectNode o)) {
      out.add(
          new Problem(
              at,
              "type",
              at
                  + ": "
                  + shown(f)
                  + " (expected: a list of tool names or {tool_names, read_only})"));
      return result;
    }
    for (String k : o.propertyNames()) {
      if (k.equals("tool_names")) {
        result.set("tool_names", names(o.get(k), at + ".tool_names", out));
      } else if (k.equals("read_only")) {
        if (o.get(k).isBoolean()) {
          result.put("read_only", o.get(k).booleanValue());
        } else {
          out.add(
              new Problem(
                  at + ".read_only",
                  "type",
                  at + ".read_only: " + shown(o.get(k)) + " (expected: true or false)"));
        }
      } else {
        out.add(
            new Problem(
                at + "." + k,
                "unknown-field",
                at + "." + k + ": unknown (expected: tool_names or read_only)"));
      }
    }
    return result;
  }

  private static ArrayNode names(JsonNode list, String at, List<Problem> out) {
    ArrayNode result = NODES.arrayNode();
    if (!list.isArray()) {
      out.add(new Problem(at, "type", at + ": " + shown(list) + " (expected: a list of names)"));
      return result;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      if (n.isString() && !n.stringValue().isBlank()) {
        result.add(n.stringValue());
      } else {
        out.add(
            new Problem(
                at + "[" + i + "]",
                "type",
                at + "[" + i + "]: " + shown(n) + " (expected: a tool name)"));
      }
    }
    return result;
  }

  private static ArrayNode subagents(JsonNode list, String self, List<Problem> out) {
    ArrayNode result = NODES.arrayNode();
    if (list.isMissingNode() || list.isNull()) {
      return result;
    }
    if (!list.isArray()) {
      out.add(new Problem("subagents", "type", "subagents: expected a list of agent names"));
      return result;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "subagents[" + i + "]";
      JsonNode n = list.get(i);
      String name = n.isString() ? n.stringValue() : null;
      if (!RouteName.isValid(name)) {
        out.add(
            new Problem(
                at, "pattern", at + ": " + shown(n) + " (expected: " + RouteName.rule() + ")"));
      } else if (name.equals(self)) {
        out.add(new Problem(at, "self", at + ": '" + name + "' is this agent (expected: another)"));
      } else if (!seen.add(name)) {
        out.add(new Problem(at, "duplicate", at + ": '" + name + "' is listed twice"));
      } else {
        result.add(name);
      }
    }
    return result;
  }

  /**
   * Where a stored tool's MCP server is, as one comparable string ({@code connection:NAME}, {@code
   * route:NAME} or {@code url:URL}), or null when it names none.
   */
  static String source(JsonNode tool) {
    if (tool.path("project_connection_id").isString()) {
      return "connection:" + tool.get("project_connection_id").stringValue();
    }
    if (tool.path("route").isString()) {
      return "route:" + tool.get("route").stringValue();
    }
    if (tool.path("server_url").isString()) {
      return "url:" + tool.get("server_url").stringValue();
    }
    return null;
  }

  private static Set<String> toolNames(JsonNode filter) {
    Set<String> names = new HashSet<>();
    filter.path("tool_names").forEach(n -> names.add(n.asString()));
    return names;
  }

  private static boolean isHttpUrl(String text) {
    if (text == null) {
      return false;
    }
    try {
      URI u = new URI(text);
      return u.isAbsolute()
          && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** A value as a message shows it: a string quoted, anything else as JSON, absence as missing. */
  private static String shown(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "missing";
    }
    String s = v.isString() ? "'" + v.stringValue() + "'" : v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
