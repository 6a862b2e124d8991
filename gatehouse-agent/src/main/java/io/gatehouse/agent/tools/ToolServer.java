package io.gatehouse.agent.tools;

import io.gatehouse.agent.wire.Items;
import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpClient;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One MCP session, through the gateway, with the server behind one mcp tool of a response: opened
 * on first use, as the user the sealed call names, and closed with the response. Safe to call from
 * several threads (calls of one turn run in parallel); the session opens once.
 */
public final class ToolServer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();

  private final String route;
  private final Supplier<McpClient.Options> options;
  private final URI endpoint;
  private final String unusable;
  private McpClient client;

  ToolServer(String route, URI endpoint, Supplier<McpClient.Options> options) {
    this.route = route;
    this.endpoint = endpoint;
    this.options = options;
    this.unusable = null;
  }

  /** A server the tool cannot reach at all, for {@code why}. */
  ToolServer(String why) {
    this.route = null;
    this.endpoint = null;
    this.options = null;
    this.unusable = why;
  }

  /** The route the calls go through, or null. */
  public String route() {
    return route;
  }

  private synchronized McpClient client() throws McpFailure {
    if (client == null) {
      client =
          McpClient.open(
              endpoint, UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), options.get());
    }
    return client;
  }

  /** Lists the tools; {@link CallOutcome.Done#result} holds them as an array. */
  public CallOutcome listTools() {
    if (unusable != null) {
      return new CallOutcome.Failed(Items.protocolError(-32602, unusable), unusable);
    }
    try {
      List<JsonNode> tools = client().listTools();
      return new CallOutcome.Done("", JSON.valueToTree(tools));
    } catch (McpFailure f) {
      return failure(f);
    }
  }

  /** Calls {@code name} with {@code arguments} (a JSON object). */
  public CallOutcome call(String name, JsonNode arguments) {
    if (unusable != null) {
      return new CallOutcome.Failed(Items.protocolError(-32602, unusable), unusable);
    }
    try {
      ObjectNode params = JSON.createObjectNode().put("name", name);
      params.set("arguments", arguments);
      JsonNode answer = client().request("tools/call", params);
      JsonNode error = answer.path("error");
      if (error.isObject()) {
        JsonNode url = error.path("data").path("elicitations").path(0).path("url");
        if (url.isString()
            && consent(
                error.path("code").asString(""), error.path("data").path("key").asString(""))) {
          return new CallOutcome.ConsentNeeded(url.stringValue());
        }
        String message = error.path("message").asString("the tool call failed");
        String key = error.path("data").path("key").asString(null);
        return new CallOutcome.Failed(
            Items.protocolError(error.path("code").asInt(-32603), message),
            (key == null ? "" : key + ": ") + message);
      }
      JsonNode result = answer.path("result");
      String text = flatten(result);
      if (result.path("isError").asBoolean(false)) {
        return new CallOutcome.Failed(
            Items.executionError(result.path("content")), "the tool reported an error: " + text);
      }
      return new CallOutcome.Done(text, result);
    } catch (McpFailure f) {
      return failure(f);
    }
  }

  /**
   * Whether an error with a page link asks its user to consent: the URL elicitation error of
   * 2025-11-25 ({@code -32042}), or what a gateway answers a 2026-07-28 client that cannot elicit
   * URLs ({@code -32021}, {@code CLIENT_CAPABILITY_REQUIRED}, the link in the same place).
   */
  private static boolean consent(String code, String key) {
    return "-32042".equals(code) || "CLIENT_CAPABILITY_REQUIRED".equals(key);
  }

  private static CallOutcome failure(McpFailure f) {
    Map<String, String> facts = f.facts();
    String link = facts.get("elicitationUrl");
    if (link != null && consent(facts.get("code"), facts.get("key"))) {
      return new CallOutcome.ConsentNeeded(link);
    }
    String key = facts.getOrDefault("key", f.error().key());
    String message = key + ": " + f.getMessage();
    int http = httpStatus(f);
    if (http > 0) {
      return new CallOutcome.Failed(Items.httpError(http, message), message);
    }
    int code = facts.containsKey("code") ? parse(facts.get("code")) : f.error().rpcCode();
    return new CallOutcome.Failed(Items.protocolError(code, message), message);
  }

  private static int httpStatus(McpFailure f) {
    if (f.error().equals(Diagnosis.UNAUTHORIZED)) {
      return 401;
    }
    if (f.error().equals(Diagnosis.FORBIDDEN)) {
      return 403;
    }
    if (f.error().equals(Diagnosis.RATE_LIMITED)) {
      return 429;
    }
    return 0;
  }

  private static int parse(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -32603;
    }
  }

  /**
   * A tool result as the text the model reads: the text parts, one per line; other parts and {@code
   * structuredContent} (when there is no text) as JSON.
   */
  static String flatten(JsonNode result) {
    StringBuilder out = new StringBuilder();
    for (JsonNode part : result.path("content")) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      if (part.path("type").asString("").equals("text")) {
        out.append(part.path("text").asString(""));
      } else {
        out.append(JSON.writeValueAsString(part));
      }
    }
    if (out.isEmpty() && result.has("structuredContent")) {
      out.append(JSON.writeValueAsString(result.get("structuredContent")));
    }
    return out.toString();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
