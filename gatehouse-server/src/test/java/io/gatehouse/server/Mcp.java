package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** MCP over raw HTTP, for tests that assert on exactly what a client sees on the wire. */
final class Mcp {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final String ACCEPT = "application/json, text/event-stream";

  private Mcp() {}

  static String initializeBody(Object id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-test\",\"version\":\"1\"}}}";
  }

  static String toolCall(Object id, String tool, String argumentsJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + argumentsJson + "}}";
  }

  static HttpRequest.Builder post(URI url, String sessionId, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").header("Accept", ACCEPT)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) {
      b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
    }
    return b;
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<InputStream> stream(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Initializes a session and sends {@code notifications/initialized}; returns the session id. */
  static String open(URI route) {
    HttpResponse<String> init = send(post(route, null, initializeBody(1)));
    assertThat(init.statusCode()).as("initialize: %s", init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized = send(post(route, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
    assertThat(initialized.statusCode()).isEqualTo(202);
    return session;
  }

  /** The JSON-RPC messages of an answer, whether it came as JSON or as an event stream. */
  static List<String> messages(HttpResponse<String> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("text/event-stream")) {
      return List.of(response.body());
    }
    return events(response.body()).stream().filter(SseEvent::hasData).map(SseEvent::dataAsString).toList();
  }

  static List<SseEvent> events(String body) {
    try {
      SseReader reader = new SseReader(new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      List<SseEvent> events = new ArrayList<>();
      for (SseEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last message of an answer: the response, for a request. */
  static String answer(HttpResponse<String> response) {
    List<String> m = messages(response);
    return m.getLast();
  }
}
