package io.gatehouse.agent.wire;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code {"type": "mcp", ...}} tool of a request or a stored agent.
 *
 * @param serverLabel names the server in items and in the model's function names
 * @param serverUrl the MCP server's URL (a route of this Gatehouse, or another server), or null
 * @param connection {@code project_connection_id}: a connection of the project, whose endpoint and
 *     credential win over {@code serverUrl}; or null
 * @param route a route of this Gatehouse by name (Gatehouse's own field), or null
 * @param description {@code server_description}, for the model, or null
 * @param allowed the tools the model may see, or null for all
 * @param approval when a call needs the user's approval first
 * @param headers sent to a server reached by URL, for this response only: never stored, echoed or
 *     logged
 * @param authorization an OAuth access token for a server reached by URL, for this response only
 */
public record McpToolSpec(
    String serverLabel,
    String serverUrl,
    String connection,
    String route,
    String description,
    ToolFilter allowed,
    ApprovalRule approval,
    Map<String, Secret> headers,
    Secret authorization) {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public McpToolSpec {
    requireNonNull(serverLabel, "serverLabel");
    approval = approval == null ? ApprovalRule.ALWAYS : approval;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** Whether the model may see the tool {@code name}. */
  public boolean allows(String name, JsonNode annotations) {
    return allowed == null || allowed.matches(name, annotations);
  }

  /** This tool without its per-response credentials: what is stored with a response. */
  public McpToolSpec withoutCredentials() {
    return new McpToolSpec(
        serverLabel, serverUrl, connection, route, description, allowed, approval, Map.of(), null);
  }

  /**
   * The tool as the response echoes it and the store keeps it: {@code headers} and {@code
   * authorization} left out.
   */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", "mcp").put("server_label", serverLabel);
    if (serverUrl != null) {
      n.put("server_url", serverUrl);
    }
    if (connection != null) {
      n.put("project_connection_id", connection);
    }
    if (route != null) {
      n.put("route", route);
    }
    if (description != null) {
      n.put("server_description", description);
    }
    if (allowed != null) {
      n.set("allowed_tools", allowed.toJson());
    } else {
      n.putNull("allowed_tools");
    }
    n.putNull("headers");
    n.set("require_approval", approval.toJson());
    return n;
  }

  /**
   * Reads one tool.
   *
   * @param at the parameter path for errors, such as {@code tools[0]}
   * @param credentials whether {@code headers} and {@code authorization} are taken (a request) or
   *     refused (a stored agent)
   * @throws BadRequest naming the field at fault
   */
  public static McpToolSpec parse(JsonNode n, String at, boolean credentials) {
    if (!n.isObject()) {
      throw new BadRequest(at, at + ": an object {\"type\": \"mcp\", ...}");
    }
    String type = n.path("type").asString("");
    if (!type.equals("mcp")) {
      throw new BadRequest(
          at + ".type",
          at
              + ".type: '"
              + type
              + "' is not offered here (Gatehouse runs tools of type mcp; function and hosted"
              + " tools are not supported)");
    }
    String label = text(n, "server_label", at);
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new BadRequest(
          at + ".server_label", at + ".server_label: required, 1-64 letters, digits, '_' or '-'");
    }
    for (String unsupported : List.of("connector_id", "tunnel_id")) {
      if (n.hasNonNull(unsupported)) {
        throw new BadRequest(
            at + "." + unsupported,
            at
                + "."
                + unsupported
                + ": OpenAI's hosted connectors and tunnels are not offered; use a connection"
                + " (project_connection_id) or a server_url");
      }
    }
    String url = text(n, "server_url", at);
    String connection = text(n, "project_connection_id", at);
    String route = text(n, "route", at);
    if (url == null && connection == null && route == null) {
      throw new BadRequest(
          at, at + ": one of server_url, project_connection_id or route is required");
    }
    Map<String, Secret> headers = new LinkedHashMap<>();
    Secret authorization = null;
    if (n.hasNonNull("headers")) {
      if (!credentials) {
        throw new BadRequest(
            at + ".headers",
            at + ".headers: a stored agent keeps no credentials; name a connection instead");
      }
      if (!n.get("headers").isObject()) {
        throw new BadRequest(at + ".headers", at + ".headers: an object of strings");
      }
      for (var e : n.get("headers").properties()) {
        if (!e.getValue().isString()) {
          throw new BadRequest(
              at + ".headers." + e.getKey(), at + ".headers." + e.getKey() + ": a string");
        }
        checkHeader(e.getKey(), e.getValue().stringValue(), at + ".headers." + e.getKey());
        headers.put(e.getKey(), Secret.of(e.getValue().stringValue()));
      }
    }
    if (n.hasNonNull("authorization")) {
      if (!credentials) {
        throw new BadRequest(
            at + ".authorization",
            at + ".authorization: a stored agent keeps no credentials; name a connection instead");
      }
      if (!n.get("authorization").isString()) {
        throw new BadRequest(at + ".authorization", at + ".authorization: a string");
      }
      authorization = Secret.of(n.get("authorization").stringValue());
    }
    return new McpToolSpec(
        label,
        url,
        connection,
        route,
        text(n, "server_description", at),
        allowedTools(n.get("allowed_tools"), at + ".allowed_tools"),
        approval(n.get("require_approval"), at + ".require_approval"),
        headers,
        authorization);
  }

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  private static final java.util.Set<String> OWNED =
      java.util.Set.of(
          "host",
          "content-length",
          "content-type",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "upgrade",
          "te",
          "trailer",
          "proxy-connection",
          "proxy-authorization",
          "accept",
          "last-event-id",
          "authorization");

  /**
   * Refuses a header the request may not set toward a server: a malformed name or value, the
   * framing and hop-by-hop headers and those the gateway owns ({@code Mcp-*}, {@code Gatehouse-*}),
   * and {@code Authorization} (which {@code authorization} sets).
   */
  private static void checkHeader(String name, String value, String at) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (!TOKEN.matcher(name).matches()
        || OWNED.contains(lower)
        || lower.startsWith("mcp-")
        || lower.startsWith("gatehouse-")
        || lower.startsWith("x-forwarded-")
        || value.indexOf('\r') >= 0
        || value.indexOf('\n') >= 0
        || value.length() > 8192) {
      throw new BadRequest(
          at,
          at
              + ": this header cannot be set (a header name, not one the gateway or HTTP owns:"
              + " Host, Content-*, Connection, Mcp-*, Gatehouse-*...; use authorization for"
              + " Authorization; no line breaks)");
    }
  }

  private static String text(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString() || v.stringValue().isBlank()) {
      throw new BadRequest(at + "." + field, at + "." + field + ": a non-empty string");
    }
    return v.stringValue();
  }

  static ToolFilter allowedTools(JsonNode v, String at) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      return new ToolFilter(names(v, at), null);
    }
    return filter(v, at);
  }

  private static ToolFilter filter(JsonNode v, String at) {
    if (!v.isObject()) {
      throw new BadRequest(at, at + ": an array of tool names or {tool_names, read_only}");
    }
    List<String> names =
        v.hasNonNull("tool_names") ? names(v.get("tool_names"), at + ".tool_names") : null;
    Boolean readOnly = null;
    if (v.hasNonNull("read_only")) {
      if (!v.get("read_only").isBoolean()) {
        throw new BadRequest(at + ".read_only", at + ".read_only: true or false");
      }
      readOnly = v.get("read_only").booleanValue();
    }
    for (String field : v.propertyNames()) {
      if (!field.equals("tool_names") && !field.equals("read_only")) {
        throw new BadRequest(
            at + "." + field, at + "." + field + ": unknown (tool_names, read_only)");
      }
    }
    return new ToolFilter(names, readOnly);
  }

  private static List<String> names(JsonNode v, String at) {
    if (!v.isArray()) {
      throw new BadRequest(at, at + ": an array of tool names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isString()) {
        throw new BadRequest(at, at + ": an array of tool names (strings)");
      }
      names.add(e.stringValue());
    }
    return names;
  }

  /** Reads {@code require_approval} in any of its three shapes. */
  static ApprovalRule approval(JsonNode v, String at) {
    if (v == null || v.isNull()) {
      return ApprovalRule.ALWAYS;
    }
    if (v.isString()) {
      return switch (v.stringValue()) {
        case "always" -> ApprovalRule.ALWAYS;
        case "never" -> ApprovalRule.NEVER;
        default ->
            throw new BadRequest(
                at, at + ": 'always', 'never' or {always: {tool_names}, never: {tool_names}}");
      };
    }
    if (!v.isObject()) {
      throw new BadRequest(at, at + ": 'always', 'never' or {always: {...}, never: {...}}");
    }
    ToolFilter always = null;
    ToolFilter never = null;
    for (var e : v.properties()) {
      ToolFilter f =
          e.getValue().isArray()
              ? new ToolFilter(names(e.getValue(), at + "." + e.getKey()), null) // Foundry's form
              : filter(e.getValue(), at + "." + e.getKey());
      switch (e.getKey()) {
        case "always" -> always = f;
        case "never" -> never = f;
        default ->
            throw new BadRequest(
                at + "." + e.getKey(), at + "." + e.getKey() + ": unknown (always, never)");
      }
    }
    return new ApprovalRule("filter", always, never);
  }
}
