package io.gatehouse.gateway;

import io.gatehouse.testkit.McpWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One MCP 2026-07-28 request as a client sends it over HTTP: the per-request {@code _meta}
 * envelope, and the {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers
 * saying what the body says.
 */
final class ModernRequest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI route;
  private final ObjectNode body = JSON.createObjectNode();
  private final ObjectNode params = JSON.createObjectNode();
  private final ObjectNode meta = JSON.createObjectNode();
  private String apiKey;

  private ModernRequest(URI route, Object id, String method) {
    this.route = route;
    body.put("jsonrpc", "2.0");
    body.set("id", JSON.valueToTree(id));
    body.put("method", method);
    body.set("params", params);
    params.set("_meta", meta);
    meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.set("io.modelcontextprotocol/clientCapabilities", JSON.createObjectNode());
  }

  static ModernRequest of(URI route, Object id, String method) {
    return new ModernRequest(route, id, method);
  }

  /** A {@code tools/call} of {@code tool} with {@code arguments} (JSON). */
  static ModernRequest call(URI route, Object id, String tool, String arguments) {
    ModernRequest r = new ModernRequest(route, id, "tools/call");
    r.params.put("name", tool);
    r.params.set("arguments", JSON.readTree(arguments));
    return r;
  }

  ModernRequest capabilities(String json) {
    meta.set("io.modelcontextprotocol/clientCapabilities", JSON.readTree(json));
    return this;
  }

  ModernRequest param(String name, JsonNode value) {
    params.set(name, value);
    return this;
  }

  ModernRequest param(String name, String value) {
    params.put(name, value);
    return this;
  }

  ModernRequest apiKey(String key) {
    this.apiKey = key;
    return this;
  }

  /** The MRTR retry of an {@code input_required} answer: its state, and the answers by key. */
  ModernRequest retry(JsonNode inputRequired, ObjectNode inputResponses) {
    params.set("inputResponses", inputResponses);
    params.put("requestState", inputRequired.path("result").path("requestState").asString());
    return this;
  }

  HttpRequest.Builder builder() {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(route)
            .header("Content-Type", "application/json")
            .header("Accept", McpWire.ACCEPT)
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", body.path("method").asString())
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    JsonNode name = params.has("name") ? params.get("name") : params.get("uri");
    if (name != null) {
      b.header("Mcp-Name", name.asString());
    }
    if (apiKey != null) {
      b.header("X-Api-Key", apiKey);
    }
    return b;
  }

  /** Sends it and reads the answer: the JSON body, or the last message of an event stream. */
  Answer send() {
    HttpResponse<String> r = McpWire.send(builder());
    return new Answer(r.statusCode(), JSON.readTree(McpWire.answer(r)), r);
  }

  /** As {@link #send()}, by {@code client} (one bound to another local address, say). */
  Answer send(HttpClient client) {
    try {
      HttpResponse<String> r = client.send(builder().build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), JSON.readTree(McpWire.answer(r)), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Answer(int status, JsonNode json, HttpResponse<String> response) {
    JsonNode result() {
      return json.path("result");
    }

    String errorKey() {
      return json.path("error").path("data").path("key").asString("");
    }
  }
}
