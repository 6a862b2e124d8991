package io.gatehouse.connect;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy HTTP+SSE side of an {@link McpClient} (2024-11-05): a GET event stream that names the
 * endpoint to POST to in its first event, and carries every answer; read on a virtual thread into a
 * queue.
 */
final class LegacySse {
  private static final SseEvent END = new SseEvent(null, "end", new byte[0], -1);
  private final UpstreamHttp http;
  private final McpClient.Options options;
  private final InputStream in;
  private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
  private URI endpoint;

  private LegacySse(UpstreamHttp http, McpClient.Options options, InputStream in) {
    this.http = http;
    this.options = options;
    this.in = in;
    Thread.ofVirtual().name("mcp-client-sse").start(this::read);
  }

  /** Opens the event stream of {@code url} and reads the endpoint from its first event. */
  static LegacySse connect(URI url, McpClient.Options o) throws McpFailure, NotThisTransport {
    UpstreamHttp http = new UpstreamHttp(o);
    HttpRequest.Builder b = http.request(url).header("Accept", "text/event-stream").GET();
    HttpResponse<InputStream> r = http.send(credential(b, o).build(), url);
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (r.statusCode() != 200 || !type.startsWith("text/event-stream")) {
      UpstreamHttp.close(r.body());
      McpClient.checkStatus(r.statusCode(), r.headers(), url);
      throw new NotThisTransport(
          "GET answered HTTP " + r.statusCode() + (type.isEmpty() ? "" : " " + type));
    }
    LegacySse legacy = new LegacySse(http, o, r.body());
    try {
      legacy.endpoint = legacy.endpointOf(url);
      return legacy;
    } catch (McpFailure | NotThisTransport e) {
      legacy.close();
      throw e;
    }
  }

  private URI endpointOf(URI url) throws McpFailure, NotThisTransport {
    SseEvent first = next(options.timeout());
    if (first == null || !"endpoint".equals(first.event())) {
      throw new NotThisTransport("the event stream did not start with an endpoint event");
    }
    URI named;
    try {
      named = url.resolve(first.dataAsString().trim());
    } catch (IllegalArgumentException e) {
      throw McpClient.notMcp(url, "the endpoint event does not hold a URL");
    }
    if (!sameOrigin(url, named)) {
      // The connection's credential goes to every POST: never to an origin the upstream names.
      throw McpClient.notMcp(
          url, "the endpoint event names another origin (" + named.getHost() + ")");
    }
    return named;
  }

  URI endpoint() {
    return endpoint;
  }

  void post(ObjectNode message) throws McpFailure {
    HttpRequest.Builder b =
        http.request(endpoint)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    UpstreamHttp.JSON.writeValueAsBytes(message)));
    HttpResponse<InputStream> r = http.send(credential(b, options).build(), endpoint);
    UpstreamHttp.close(r.body());
    McpClient.checkStatus(r.statusCode(), r.headers(), endpoint);
  }

  /** The response to request {@code id}, answering server requests that come first. */
  JsonNode answer(int id, Streamable.Answering answering) throws McpFailure {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (true) {
      SseEvent e = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (e == null) {
        throw new McpFailure(
            Diagnosis.TIMEOUT, endpoint + " sent no answer on the event stream in time");
      }
      if (e.hasData()) {
        JsonNode m = UpstreamHttp.parse(e.dataAsString());
        if (m == null) {
          throw McpClient.notMcp(endpoint, "an event on the stream is not JSON-RPC");
        }
        if (m.path("id").asInt(-1) == id && (m.has("result") || m.has("error"))) {
          return m;
        }
        if (m.has("method") && m.has("id")) {
          answering.answer(m);
        }
      }
    }
  }

  private void read() {
    try {
      SseReader reader = new SseReader(in);
      for (SseEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
    } catch (IOException e) {
      // closed
    } finally {
      events.add(END);
    }
  }

  /** The next event, or null when the stream ended or {@code wait} passed. */
  private SseEvent next(Duration wait) {
    try {
      SseEvent e = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (e == END) {
        events.add(END);
        return null;
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  void close() {
    UpstreamHttp.close(in);
  }

  /**
   * The authorization's current credential; the legacy transport does not renew it (a refusal is
   * reported as is).
   */
  private static HttpRequest.Builder credential(HttpRequest.Builder b, McpClient.Options o)
      throws McpFailure {
    String header = o.authorization() == null ? null : o.authorization().header();
    return header == null ? b : b.header("Authorization", header);
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
        && UpstreamHttp.port(a) == UpstreamHttp.port(b);
  }
}
