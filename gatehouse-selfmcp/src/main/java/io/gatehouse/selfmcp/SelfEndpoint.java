package io.gatehouse.selfmcp;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Errors;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self server's MCP endpoint on the internal path: stateless Streamable HTTP with JSON answers
 * (MCP 2025-11-25, "Streamable HTTP"; the gateway in front keeps the client's session). Only
 * requests with the process's key get in (compared in constant time); the caller is the one the
 * gateway's route authenticated, handed over beside the key.
 */
final class SelfEndpoint implements HttpService {
  static final List<String> VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  private final byte[] key;
  private final Secret secret;
  private final String version;
  private final SelfTools tools;
  private final SelfResources resources;
  private final SelfPrompts prompts;

  SelfEndpoint(Secret key, String version, Platform platform) {
    this.secret = key;
    this.key = key.reveal().getBytes(StandardCharsets.UTF_8);
    this.version = version;
    this.tools = new SelfTools(platform);
    this.resources = new SelfResources(platform);
    this.prompts = new SelfPrompts(platform);
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    String sent = request.header(SelfServer.KEY_HEADER);
    if (sent == null || !MessageDigest.isEqual(key, sent.getBytes(StandardCharsets.UTF_8))) {
      return problem(SelfErrors.FORBIDDEN, "SELF_FORBIDDEN: this endpoint serves the gateway only");
    }
    if (!request.path().equals(SelfServer.PATH)) {
      return problem(Errors.NOT_FOUND, "nothing is served at " + request.path());
    }
    if (!request.method().equals("POST")) {
      return problem(Errors.METHOD_NOT_ALLOWED, "this stateless server takes POST only")
          .header("Allow", "POST");
    }
    JsonNode message = Json.parse(request.body());
    if (message == null) {
      return HttpResponse.json(400, error(null, -32700, "the body is not JSON", null));
    }
    if (!message.isObject() || !message.path("method").isString()) {
      return HttpResponse.json(
          400, error(null, -32600, "expected one JSON-RPC request or notification", null));
    }
    JsonNode id = message.get("id");
    if (id == null) {
      return HttpResponse.empty(202);
    }
    Principal caller = CallerHandOff.decode(request.header(SelfServer.CALLER_HEADER), secret);
    String method = message.path("method").asString();
    JsonNode params = message.path("params");
    try {
      return HttpResponse.json(200, answer(caller, id, method, params));
    } catch (Args.Invalid e) {
      return HttpResponse.json(
          200, error(id, -32602, e.getMessage(), SelfErrors.INVALID_ARGUMENTS));
    }
  }

  private byte[] answer(Principal caller, JsonNode id, String method, JsonNode params) {
    switch (method) {
      case "initialize":
        return result(id, initialize(params));
      case "ping":
        return result(id, Json.object());
      case "tools/list":
        return result(id, tools.list());
      case "resources/templates/list":
        return result(id, SelfResources.templates());
      case "prompts/list":
        return result(id, prompts.list());
      default:
        break;
    }
    if (caller == null) {
      return error(id, Errors.UNAUTHENTICATED.rpcCode(), "no caller", Errors.UNAUTHENTICATED);
    }
    return switch (method) {
      case "tools/call" -> call(caller, id, params);
      case "resources/list" -> outcome(id, resources.list(caller));
      case "resources/read" -> read(caller, id, params);
      case "prompts/get" -> {
        String name = params.path("name").asString("");
        ObjectNode r = prompts.get(caller, name, new Args(params.get("arguments")));
        yield r == null
            ? error(id, -32602, "unknown prompt: '" + name + "'", SelfErrors.UNKNOWN)
            : result(id, r);
      }
      default -> error(id, -32601, "method not found: " + method, null);
    };
  }

  private byte[] call(Principal caller, JsonNode id, JsonNode params) {
    String name = params.path("name").asString("");
    SelfTools.Tool tool = tools.tool(name);
    if (tool == null) {
      return error(id, -32602, "unknown tool: '" + name + "'", SelfErrors.UNKNOWN);
    }
    ObjectNode r = Json.object();
    Outcome o;
    try {
      o = tool.handler().call(caller, new Args(params.get("arguments")));
    } catch (Args.Invalid e) {
      // SEP-1303: a model fixes its arguments from a tool error, not from a protocol error
      o =
          new Outcome.Refused(
              400,
              SelfErrors.INVALID_ARGUMENTS.key(),
              e.getMessage(),
              SelfErrors.INVALID_ARGUMENTS.hint());
    }
    switch (o) {
      case Outcome.Ok ok -> {
        r.putArray("content").addObject().put("type", "text").put("text", ok.body().toString());
        r.set("structuredContent", ok.body());
        r.put("isError", false);
      }
      case Outcome.Refused refused -> {
        // no structuredContent: it would have to match the outputSchema of a success
        r.putArray("content")
            .addObject()
            .put("type", "text")
            .put("text", refused.json().toString());
        r.put("isError", true);
      }
    }
    return result(id, r);
  }

  private byte[] read(Principal caller, JsonNode id, JsonNode params) {
    String uri = params.path("uri").asString("");
    Outcome o = resources.read(caller, uri);
    if (o == null) {
      return error(id, -32002, "resource not found: '" + uri + "'", SelfErrors.UNKNOWN);
    }
    return outcome(id, o);
  }

  private static byte[] outcome(JsonNode id, Outcome o) {
    return switch (o) {
      case Outcome.Ok ok -> result(id, ok.body());
      case Outcome.Refused r -> {
        ObjectNode m = envelope(id);
        ObjectNode e = m.putObject("error");
        e.put("code", r.status() == 404 ? -32002 : r.status() == 403 ? -32003 : -32603);
        e.put("message", r.code() + ": " + r.message());
        ObjectNode data = e.putObject("data").put("key", r.code());
        if (r.hint() != null) {
          data.put("hint", r.hint());
        }
        yield Json.MAPPER.writeValueAsBytes(m);
      }
    };
  }

  private ObjectNode initialize(JsonNode params) {
    String asked = params.path("protocolVersion").asString("");
    ObjectNode r = Json.object();
    r.put("protocolVersion", VERSIONS.contains(asked) ? asked : VERSIONS.getFirst());
    ObjectNode caps = r.putObject("capabilities");
    caps.putObject("tools").put("listChanged", false);
    caps.putObject("resources").put("listChanged", false).put("subscribe", false);
    caps.putObject("prompts").put("listChanged", false);
    r.putObject("serverInfo")
        .put("name", "gatehouse")
        .put("title", "Gatehouse")
        .put("version", version);
    r.put(
        "instructions",
        "Gatehouse's own server: search its catalog and tools, list deployments, validate"
            + " connections, read usage and audit records, and (with the contributor role) deploy"
            + " versions or change their status. Every call runs with your own role, exactly as"
            + " the admin API would; a refusal says which role it needs.");
    return r;
  }

  private static ObjectNode envelope(JsonNode id) {
    ObjectNode m = Json.object().put("jsonrpc", "2.0");
    m.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    return m;
  }

  private static byte[] result(JsonNode id, JsonNode result) {
    ObjectNode m = envelope(id);
    m.set("result", result);
    return Json.MAPPER.writeValueAsBytes(m);
  }

  private static byte[] error(JsonNode id, int code, String message, ErrorKey key) {
    ObjectNode m = envelope(id);
    ObjectNode e = m.putObject("error").put("code", code).put("message", message);
    if (key != null) {
      e.putObject("data").put("key", key.key()).put("hint", key.hint());
    }
    return Json.MAPPER.writeValueAsBytes(m);
  }

  private static HttpResponse problem(ErrorKey key, String message) {
    ObjectNode out = Json.object();
    ObjectNode e = out.putObject("error");
    e.put("code", key.key()).put("message", message);
    e.putArray("details");
    e.put("hint", key.hint());
    return HttpResponse.json(key.httpStatus(), Json.MAPPER.writeValueAsBytes(out));
  }
}
