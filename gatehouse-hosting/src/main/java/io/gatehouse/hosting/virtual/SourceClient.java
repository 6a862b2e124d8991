package io.gatehouse.hosting.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streamable HTTP requests to a source route through this Gatehouse's own gateway ({@code
 * /mcp/{route}} on its listener): one JSON-RPC message per POST, the answer read from a JSON body
 * or from the event stream (the source's notifications before it are handed to the caller).
 */
final class SourceClient {
  static final JsonMapper JSON = JsonMapper.shared();
  private static final String SESSION = "Mcp-Session-Id";

  private final HttpClient http;
  private final Supplier<URI> gateway;

  SourceClient(HttpClient http, Supplier<URI> gateway) {
    this.http = http;
    this.gateway = gateway;
  }

  /** An answer, and the session id the source named (on {@code initialize}). */
  record Reply(String session, JsonNode message) {}

  URI url(String route) {
    return URI.create(gateway.get().toString().replaceAll("/+$", "") + "/mcp/" + route);
  }

  /** Sends request {@code message} and waits for its answer (a JSON-RPC error is one too). */
  Reply request(
      String route,
      Map<String, String> headers,
      String session,
      String protocol,
      ObjectNode message,
      Duration timeout)
      throws SourceDown, InterruptedException {
    return request(route, headers, session, protocol, message, timeout, m -> {});
  }

  /**
   * The same, telling {@code notes} each notification the source streams before its answer
   * (progress, log messages).
   */
  Reply request(
      String route,
      Map<String, String> headers,
      String session,
      String protocol,
      ObjectNode message,
      Duration timeout,
      Consumer<JsonNode> notes)
      throws SourceDown, InterruptedException {
    HttpResponse<InputStream> r = send(route, "POST", headers, session, protocol, message, timeout);
    String id = r.headers().firstValue(SESSION).orElse(null);
    try (InputStream body = r.body()) {
      checkStatus(route, r.statusCode(), body, session != null);
      String type = r.headers().firstValue("Content-Type").orElse("");
      JsonNode answer =
          type.startsWith("text/event-stream")
              ? fromStream(route, body, message.get("id"), notes)
              : JSON.readTree(body);
      return new Reply(id, answer);
    } catch (IOException | JacksonException e) {
      throw new SourceDown(
          "UPSTREAM_PROTOCOL_ERROR", "route '" + route + "' sent an unreadable answer");
    }
  }

  /** Sends notification {@code message}; the source answers 202. */
  void notify(
      String route, Map<String, String> headers, String session, String protocol, ObjectNode m)
      throws SourceDown, InterruptedException {
    HttpResponse<InputStream> r =
        send(route, "POST", headers, session, protocol, m, Duration.ofSeconds(30));
    try (InputStream body = r.body()) {
      checkStatus(route, r.statusCode(), body, session != null);
    } catch (IOException e) {
      // the status was read; the empty body's close failing changes nothing
    }
  }

  /** Opens the session's GET stream; the caller reads and closes its body. */
  HttpResponse<InputStream> listen(
      String route, Map<String, String> headers, String session, String protocol)
      throws SourceDown, InterruptedException {
    HttpResponse<InputStream> r = send(route, "GET", headers, session, protocol, null, null);
    if (r.statusCode() != 200) {
      try (InputStream body = r.body()) {
        checkStatus(route, r.statusCode(), body, true);
      } catch (IOException e) {
        // status read
      }
      throw new SourceDown("NO_STREAM", "route '" + route + "' has no GET stream");
    }
    return r;
  }

  /** Ends the session at the source; failures are ignored (the session expires on its own). */
  void delete(String route, Map<String, String> headers, String session, String protocol)
      throws InterruptedException {
    try {
      send(route, "DELETE", headers, session, protocol, null, Duration.ofSeconds(10))
          .body()
          .close();
    } catch (SourceDown | IOException e) {
      // best effort
    }
  }

  private HttpResponse<InputStream> send(
      String route,
      String method,
      Map<String, String> headers,
      String session,
      String protocol,
      ObjectNode message,
      Duration timeout)
      throws SourceDown, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(route)).header("Accept", "application/json, text/event-stream");
    if (timeout != null) {
      b.timeout(timeout);
    }
    headers.forEach(b::header);
    if (session != null) {
      b.header(SESSION, session);
    }
    if (protocol != null) {
      b.header("MCP-Protocol-Version", protocol);
    }
    if (message != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(message)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new SourceDown("TIMEOUT", "route '" + route + "' did not answer in time");
    } catch (IOException e) {
      throw new SourceDown("UNREACHABLE", "route '" + route + "' could not be reached");
    }
  }

  private static JsonNode fromStream(
      String route, InputStream body, JsonNode id, Consumer<JsonNode> notes)
      throws IOException, SourceDown {
    SseEvents events = new SseEvents(body);
    String data;
    while ((data = events.next()) != null) {
      JsonNode m = JSON.readTree(data);
      if (m == null) {
        continue;
      }
      if (!m.has("method") && m.path("id").equals(id)) {
        return m;
      }
      if (m.has("method") && !m.has("id")) {
        notes.accept(m);
      }
    }
    throw new SourceDown(
        "UPSTREAM_PROTOCOL_ERROR", "route '" + route + "' ended its stream without an answer");
  }

  /** Refuses any status but 200 and 202, keyed by what the gateway answered. */
  private static void checkStatus(String route, int status, InputStream body, boolean hadSession)
      throws IOException, SourceDown {
    if (status == 200 || status == 202) {
      return;
    }
    String key = "HTTP_" + status;
    String message = "";
    try {
      JsonNode error = JSON.readTree(body.readNBytes(64 * 1024)).path("error");
      if (error.path("data").path("key").isString()) {
        key = error.path("data").path("key").stringValue();
      } else if (error.path("code").isString()) {
        key = error.path("code").stringValue();
      }
      message = error.path("message").asString("");
    } catch (JacksonException e) {
      // not JSON: the status says enough
    }
    boolean gone = status == 404 && hadSession && !"ROUTE_NOT_FOUND".equals(key);
    throw new SourceDown(
        key,
        "route '" + route + "' answered HTTP " + status + (message.isEmpty() ? "" : ": " + message),
        gone);
  }
}
