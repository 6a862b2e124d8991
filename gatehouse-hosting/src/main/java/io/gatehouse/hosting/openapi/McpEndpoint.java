package io.gatehouse.hosting.openapi;

import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The small MCP server of the hosted routes, at {@code /_hosted-openapi/{route}/mcp}: stateless
 * Streamable HTTP with JSON answers. It answers {@code initialize}, {@code ping}, {@code
 * tools/list} and {@code tools/call}, accepts notifications with 202, and refuses with 403 any
 * request without the process's own key (compared in constant time), so only the gateway's upstream
 * calls reach it.
 */
final class McpEndpoint implements HttpService {
  static final List<String> VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String prefix;
  private final String keyHeader;
  private final byte[] key;
  private final Function<String, HostedRoute> routes;

  McpEndpoint(String prefix, String keyHeader, byte[] key, Function<String, HostedRoute> routes) {
    this.prefix = prefix;
    this.keyHeader = keyHeader;
    this.key = key;
    this.routes = routes;
  }

  @Override
  public HttpResponse serve(HttpRequest request) throws Exception {
    String sent = request.header(keyHeader);
    if (sent == null || !MessageDigest.isEqual(key, sent.getBytes(StandardCharsets.UTF_8))) {
      return problem(403, "FORBIDDEN", "this endpoint serves Gatehouse's own gateway only");
    }
    List<String> segments = request.segments(prefix);
    HostedRoute route =
        segments != null && segments.size() == 2 && segments.get(1).equals("mcp")
            ? routes.apply(segments.get(0))
            : null;
    if (route == null) {
      return problem(404, "NOT_FOUND", "no hosted route at " + request.path());
    }
    if (!request.method().equals("POST")) {
      return problem(405, "METHOD_NOT_ALLOWED", "this stateless server takes POST only")
          .header("Allow", "POST");
    }
    JsonNode message;
    try {
      message = JSON.readTree(request.body());
    } catch (JacksonException e) {
      return rpcError(400, null, -32700, "the body is not JSON");
    }
    if (message == null || !message.isObject() || !message.path("method").isString()) {
      return rpcError(400, null, -32600, "expected one JSON-RPC request or notification");
    }
    JsonNode id = message.get("id");
    if (id == null) {
      return HttpResponse.empty(202);
    }
    return answer(route, id, message.path("method").asString(), message.path("params"), request);
  }

  private HttpResponse answer(
      HostedRoute route, JsonNode id, String method, JsonNode params, HttpRequest request)
      throws InterruptedException {
    return switch (method) {
      case "initialize" -> result(id, initialize(route, params));
      case "ping" -> result(id, JsonNodeFactory.instance.objectNode());
      case "tools/list" -> result(id, route.list());
      case "tools/call" -> call(route, id, params, request);
      default -> rpcError(200, id, -32601, "method not found: " + method);
    };
  }

  private HttpResponse call(HostedRoute route, JsonNode id, JsonNode params, HttpRequest request)
      throws InterruptedException {
    String name = params.path("name").asString("");
    RestTool tool = route.tool(name);
    if (tool == null) {
      return rpcError(200, id, -32602, "unknown tool: '" + name + "'");
    }
    JsonNode args = params.path("arguments");
    if (args.isMissingNode() || args.isNull()) {
      args = JsonNodeFactory.instance.objectNode();
    }
    if (!args.isObject()) {
      return rpcError(200, id, -32602, "arguments: expected an object");
    }
    for (RestTool.Arg a : tool.args()) {
      if (a.in() == RestTool.In.PATH
          && (!args.has(a.argument()) || args.get(a.argument()).isNull())) {
        return rpcError(200, id, -32602, "arguments." + a.argument() + ": missing (required)");
      }
    }
    try {
      return result(id, route.caller().call(tool, args, request::header, request::query));
    } catch (IllegalArgumentException e) {
      // A header value or name the HTTP client refuses (line breaks, Host, Content-Length...).
      return rpcError(200, id, -32602, "arguments: " + e.getMessage());
    }
  }

  private static ObjectNode initialize(HostedRoute route, JsonNode params) {
    String asked = params.path("protocolVersion").asString("");
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("protocolVersion", VERSIONS.contains(asked) ? asked : VERSIONS.getFirst());
    r.putObject("capabilities").putObject("tools").put("listChanged", false);
    r.putObject("serverInfo").put("name", "gatehouse-openapi-" + route.name()).put("version", "1");
    if (!route.title().isEmpty()) {
      r.put("instructions", route.title());
    }
    return r;
  }

  private static HttpResponse result(JsonNode id, JsonNode result) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
    out.set("id", id);
    out.set("result", result);
    return HttpResponse.json(200, JSON.writeValueAsBytes(out));
  }

  private static HttpResponse rpcError(int status, JsonNode id, int code, String message) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
    out.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    out.putObject("error").put("code", code).put("message", message);
    return HttpResponse.json(status, JSON.writeValueAsBytes(out));
  }

  private static HttpResponse problem(int status, String code, String message) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.putObject("error").put("code", code).put("message", message);
    out.withObject("error").set("details", JsonNodeFactory.instance.arrayNode());
    return HttpResponse.json(status, JSON.writeValueAsBytes(out));
  }

  /** One route's tools and caller, as {@link OpenApiHosting} publishes them. */
  record HostedRoute(
      String name,
      String title,
      List<RestTool> tools,
      Map<String, RestTool> byName,
      OpenApiRoute api,
      RestCaller caller) {
    RestTool tool(String n) {
      return byName.get(n);
    }

    ObjectNode list() {
      ObjectNode r = JsonNodeFactory.instance.objectNode();
      var arr = r.putArray("tools");
      for (RestTool t : tools) {
        ObjectNode o = arr.addObject().put("name", t.name());
        if (t.description() != null && !t.description().isEmpty()) {
          o.put("description", t.description());
        }
        o.set("inputSchema", t.inputSchema());
        ObjectNode ann = o.putObject("annotations");
        ann.put("readOnlyHint", t.method().equals("GET"));
        ann.put("destructiveHint", t.method().equals("DELETE"));
        if (t.method().equals("GET") || t.method().equals("PUT") || t.method().equals("DELETE")) {
          ann.put("idempotentHint", true);
        }
        ann.put("openWorldHint", true);
      }
      return r;
    }
  }
}
