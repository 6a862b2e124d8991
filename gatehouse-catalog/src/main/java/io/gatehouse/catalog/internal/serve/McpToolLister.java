package io.gatehouse.catalog.internal.serve;

import io.gatehouse.catalog.Tool;
import io.gatehouse.catalog.internal.Fields;
import io.gatehouse.catalog.internal.Jsons;
import io.gatehouse.catalog.internal.Shapes;
import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists an MCP endpoint's tools the way any Streamable HTTP client would: {@code initialize},
 * {@code notifications/initialized}, {@code tools/list} until {@code nextCursor} runs out, then
 * DELETE of the session. Answers may come as JSON or as an event stream. Used against the gateway's
 * own route, so discovery sees exactly what clients will see.
 */
final class McpToolLister {
  static final String PROTOCOL_VERSION = "2025-11-25";
  private static final int MAX_PAGES = 100;
  private final Duration timeout;
  private final Map<String, String> headers;
  private HttpClient http;

  /**
   * @param headers sent with every request (the credential a guarded route admits discovery with)
   */
  McpToolLister(Duration timeout, Map<String, String> headers) {
    this.timeout = timeout;
    this.headers = Map.copyOf(headers);
  }

  /**
   * The client, made on first use: it loads the JDK's TLS trust store, which a start need not wait
   * for.
   */
  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }
    return http;
  }

  List<Tool> list(URI endpoint) throws DiscoveryFailure {
    ObjectNode init = Jsons.MAPPER.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
    init.putObject("capabilities");
    init.putObject("clientInfo").put("name", "gatehouse-catalog").put("version", version());
    Answer initialized = call(endpoint, null, 1, "initialize", init);
    String session = initialized.session();
    try {
      send(
          endpoint,
          session,
          Jsons.MAPPER
              .createObjectNode()
              .put("jsonrpc", "2.0")
              .put("method", "notifications/initialized"));
      List<Tool> tools = new ArrayList<>();
      String cursor = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        ObjectNode params = Jsons.MAPPER.createObjectNode();
        if (cursor != null) {
          params.put("cursor", cursor);
        }
        JsonNode result = call(endpoint, session, 2 + page, "tools/list", params).result();
        tools.addAll(tools(result.path("tools")));
        cursor =
            result.path("nextCursor").isString() ? result.get("nextCursor").stringValue() : null;
        if (cursor == null) {
          return tools;
        }
      }
      throw new DiscoveryFailure(
          DiscoveryFailure.DISCOVERY_FAILED,
          "tools/list returned more than " + MAX_PAGES + " pages");
    } finally {
      close(endpoint, session);
    }
  }

  private record Answer(JsonNode result, String session) {}

  private Answer call(URI endpoint, String session, int id, String method, ObjectNode params)
      throws DiscoveryFailure {
    ObjectNode msg =
        Jsons.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    msg.set("params", params);
    HttpResponse<byte[]> r = send(endpoint, session, msg);
    JsonNode answer = answer(r, id, method);
    if (answer.has("error")) {
      JsonNode e = answer.get("error");
      String key =
          e.path("data").path("key").isString()
              ? e.get("data").get("key").stringValue()
              : DiscoveryFailure.DISCOVERY_FAILED;
      throw new DiscoveryFailure(key, method + " failed: " + e.path("message").asString(""));
    }
    return new Answer(
        answer.path("result"), r.headers().firstValue("Mcp-Session-Id").orElse(session));
  }

  private HttpResponse<byte[]> send(URI endpoint, String session, ObjectNode msg)
      throws DiscoveryFailure {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Jsons.MAPPER.writeValueAsBytes(msg)));
    headers.forEach(b::header);
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", PROTOCOL_VERSION);
    }
    try {
      return http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DiscoveryFailure("UPSTREAM_UNAVAILABLE", "the gateway route did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscoveryFailure(DiscoveryFailure.DISCOVERY_FAILED, "interrupted");
    }
  }

  /** The JSON-RPC response with {@code id}, from a JSON body or an event stream. */
  private static JsonNode answer(HttpResponse<byte[]> r, int id, String method)
      throws DiscoveryFailure {
    String type = r.headers().firstValue("Content-Type").orElse("");
    List<JsonNode> messages = new ArrayList<>();
    try {
      if (type.startsWith("text/event-stream")) {
        SseReader reader = new SseReader(new ByteArrayInputStream(r.body()));
        for (SseEvent e = reader.next(); e != null; e = reader.next()) {
          if (e.hasData()) {
            messages.add(Jsons.MAPPER.readTree(e.dataAsString()));
          }
        }
      } else if (r.body().length > 0) {
        messages.add(Jsons.MAPPER.readTree(r.body()));
      }
    } catch (IOException | RuntimeException e) {
      throw new DiscoveryFailure(
          "UPSTREAM_PROTOCOL_ERROR",
          method + ": the answer is not JSON-RPC (HTTP " + r.statusCode() + ")");
    }
    for (JsonNode m : messages) {
      if (m.path("id").asInt(-1) == id && (m.has("result") || m.has("error"))) {
        return m;
      }
    }
    throw new DiscoveryFailure(
        r.statusCode() == 200 ? "UPSTREAM_PROTOCOL_ERROR" : "HTTP_" + r.statusCode(),
        method + ": no JSON-RPC response in the answer (HTTP " + r.statusCode() + ")");
  }

  private static List<Tool> tools(JsonNode list) throws DiscoveryFailure {
    Fields f = Fields.of(Jsons.MAPPER.createObjectNode().set("tools", list), "");
    List<Tool> tools = f.objects("tools").stream().map(Shapes::tool).toList();
    if (!f.problems().isEmpty()) {
      throw new DiscoveryFailure(
          "UPSTREAM_PROTOCOL_ERROR",
          "tools/list returned an invalid tool: " + f.problems().getFirst().message());
    }
    return tools;
  }

  private void close(URI endpoint, String session) {
    if (session == null) {
      return;
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Mcp-Session-Id", session)
            .header("MCP-Protocol-Version", PROTOCOL_VERSION)
            .DELETE();
    headers.forEach(b::header);
    try {
      http().send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the session expires on its own; discovery succeeded either way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String version() {
    String v = McpToolLister.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
