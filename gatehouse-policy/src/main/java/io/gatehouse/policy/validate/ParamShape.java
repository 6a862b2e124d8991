package io.gatehouse.policy.validate;

import io.gatehouse.protocol.Era;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The shape MCP (2025-11-25 schema) gives the params of each request and notification a client
 * sends: which members are required, and of what type. A method it does not know passes, except
 * that {@code _meta}, where present, must be an object.
 */
final class ParamShape {
  /** The levels of {@code logging/setLevel} (RFC 5424 severities). */
  static final List<String> LEVELS =
      List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  /** Checks one method's params (an object, or null when absent). */
  @FunctionalInterface
  interface Check {
    void check(JsonNode params, Violations out);
  }

  private static final Check NOTHING = (p, out) -> {};
  private static final Check LIST = (p, out) -> optionalString(p, "cursor", out);
  private static final Check BY_URI = (p, out) -> requiredString(p, "uri", out);
  private static final Check BY_TASK = (p, out) -> requiredString(p, "taskId", out);

  private static final Map<String, Check> METHODS =
      Map.ofEntries(
          Map.entry("initialize", ParamShape::initialize),
          Map.entry("ping", NOTHING),
          Map.entry("tools/list", LIST),
          Map.entry("prompts/list", LIST),
          Map.entry("resources/list", LIST),
          Map.entry("resources/templates/list", LIST),
          Map.entry("tasks/list", LIST),
          Map.entry("tools/call", ParamShape::toolsCall),
          Map.entry("prompts/get", ParamShape::promptsGet),
          Map.entry("resources/read", BY_URI),
          Map.entry("resources/subscribe", BY_URI),
          Map.entry("resources/unsubscribe", BY_URI),
          Map.entry("completion/complete", ParamShape::complete),
          Map.entry("logging/setLevel", ParamShape::setLevel),
          Map.entry("tasks/get", BY_TASK),
          Map.entry("tasks/result", BY_TASK),
          Map.entry("tasks/cancel", BY_TASK),
          Map.entry("notifications/initialized", NOTHING),
          Map.entry("notifications/roots/list_changed", NOTHING),
          Map.entry("notifications/cancelled", ParamShape::cancelled),
          Map.entry("notifications/progress", ParamShape::progress));

  private ParamShape() {}

  /**
   * Methods MCP 2026-07-28 removed: a request of that revision naming one is for the upstream to
   * answer ({@code -32601}), not for a 2025-11-25 shape to judge.
   */
  private static final java.util.Set<String> REMOVED_IN_2026 =
      java.util.Set.of(
          "initialize",
          "ping",
          "logging/setLevel",
          "resources/subscribe",
          "resources/unsubscribe",
          "tasks/list",
          "tasks/result",
          "notifications/initialized",
          "notifications/roots/list_changed");

  /** Whether this class knows the params of {@code method}. */
  static boolean knows(String method) {
    return METHODS.containsKey(method);
  }

  /** The same for a message of {@code m}'s era: 2026-07-28 ones skip the methods it removed. */
  static boolean knows(JsonRpcMessage m) {
    return knows(m.method())
        && !(Era.of(m.metaProtocolVersion()) == Era.MODERN && REMOVED_IN_2026.contains(m.method()));
  }

  /** Adds what is wrong with {@code params} (null when the message has none) for {@code method}. */
  static void check(String method, JsonNode params, Violations out) {
    Check c = METHODS.get(method);
    if (params != null && !params.isNull() && !params.isObject()) {
      if (c != null) {
        out.add("", "expected an object (MCP params are named)");
      }
      return;
    }
    JsonNode p = params == null || params.isNull() ? null : params;
    if (p != null && p.has("_meta") && !p.get("_meta").isObject()) {
      out.add("/_meta", "expected an object");
    }
    if (c != null) {
      c.check(p, out);
    }
  }

  private static void initialize(JsonNode p, Violations out) {
    requiredString(p, "protocolVersion", out);
    requiredObject(p, "capabilities", out);
    if (requiredObject(p, "clientInfo", out)) {
      JsonNode info = p.get("clientInfo");
      requiredString(info, "name", "/clientInfo/name", out);
      requiredString(info, "version", "/clientInfo/version", out);
    }
  }

  private static void toolsCall(JsonNode p, Violations out) {
    requiredString(p, "name", out);
    optionalObject(p, "arguments", out);
  }

  private static void promptsGet(JsonNode p, Violations out) {
    requiredString(p, "name", out);
    if (optionalObject(p, "arguments", out)) {
      stringValues(p.get("arguments"), "/arguments", out);
    }
  }

  private static void complete(JsonNode p, Violations out) {
    if (requiredObject(p, "ref", out)) {
      JsonNode ref = p.get("ref");
      JsonNode type = ref.get("type");
      if (type == null || !type.isString()) {
        out.add("/ref/type", "expected \"ref/prompt\" or \"ref/resource\"");
      } else if ("ref/prompt".equals(type.stringValue())) {
        requiredString(ref, "name", "/ref/name", out);
      } else if ("ref/resource".equals(type.stringValue())) {
        requiredString(ref, "uri", "/ref/uri", out);
      } else {
        out.add("/ref/type", "expected \"ref/prompt\" or \"ref/resource\"");
      }
    }
    if (requiredObject(p, "argument", out)) {
      requiredString(p.get("argument"), "name", "/argument/name", out);
      requiredString(p.get("argument"), "value", "/argument/value", out);
    }
    if (optionalObject(p, "context", out)) {
      JsonNode args = p.get("context").get("arguments");
      if (args != null && !args.isNull()) {
        if (args.isObject()) {
          stringValues(args, "/context/arguments", out);
        } else {
          out.add("/context/arguments", "expected an object of strings");
        }
      }
    }
  }

  private static void setLevel(JsonNode p, Violations out) {
    JsonNode level = p == null ? null : p.get("level");
    if (level == null || !level.isString() || !LEVELS.contains(level.stringValue())) {
      out.add("/level", "expected one of: " + String.join(", ", LEVELS));
    }
  }

  private static void cancelled(JsonNode p, Violations out) {
    JsonNode id = p == null ? null : p.get("requestId");
    if (id != null && !id.isString() && !id.isIntegralNumber()) {
      out.add("/requestId", "expected a string or an integer");
    }
    optionalString(p, "reason", out);
  }

  private static void progress(JsonNode p, Violations out) {
    JsonNode token = p == null ? null : p.get("progressToken");
    if (token == null || !(token.isString() || token.isIntegralNumber())) {
      out.add("/progressToken", "expected a string or an integer");
    }
    JsonNode progress = p == null ? null : p.get("progress");
    if (progress == null || !progress.isNumber()) {
      out.add("/progress", "expected a number");
    }
    JsonNode total = p == null ? null : p.get("total");
    if (total != null && !total.isNumber()) {
      out.add("/total", "expected a number");
    }
    optionalString(p, "message", out);
  }

  private static void stringValues(JsonNode object, String path, Violations out) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (!e.getValue().isString()) {
        out.add(path + "/" + Violations.escape(e.getKey()), "expected a string");
      }
    }
  }

  private static void requiredString(JsonNode p, String name, Violations out) {
    requiredString(p, name, "/" + name, out);
  }

  private static void requiredString(JsonNode p, String name, String path, Violations out) {
    JsonNode v = p == null ? null : p.get(name);
    if (v == null || !v.isString()) {
      out.add(path, v == null ? "required: a string" : "expected a string");
    }
  }

  private static void optionalString(JsonNode p, String name, Violations out) {
    JsonNode v = p == null ? null : p.get(name);
    if (v != null && !v.isString()) {
      out.add("/" + name, "expected a string");
    }
  }

  private static boolean requiredObject(JsonNode p, String name, Violations out) {
    JsonNode v = p == null ? null : p.get(name);
    if (v == null || !v.isObject()) {
      out.add("/" + name, v == null ? "required: an object" : "expected an object");
      return false;
    }
    return true;
  }

  private static boolean optionalObject(JsonNode p, String name, Violations out) {
    JsonNode v = p == null ? null : p.get(name);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isObject()) {
      out.add("/" + name, "expected an object");
      return false;
    }
    return true;
  }
}
