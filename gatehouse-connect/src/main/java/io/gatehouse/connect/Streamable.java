package io.gatehouse.connect;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The Streamable HTTP side of an {@link McpClient} (transports, 2025-11-25; and 2026-07-28, where
 * there is no session and each POST carries the headers the caller gives): POSTs carrying the
 * session, protocol version and credential (renewed once per refusal the authorization allows),
 * answers read as JSON or as an event stream on which the server may also send requests, an event
 * stream that ends early resumed with GET and {@code Last-Event-ID} after the server's {@code
 * retry} delay (SEP-1699), and the standalone GET stream for server requests.
 */
final class Streamable {
  private static final int MAX_RENEWALS = 3;
  private static final int MAX_RESUMPTIONS = 5;
  private static final long DEFAULT_RETRY_MILLIS = 1000;

  private final UpstreamHttp http;
  private final URI endpoint;
  private final McpClient.Options options;
  private final Answering answering;
  volatile String session;
  volatile String protocolVersion;
  private volatile InputStream listening;

  /** Answers a server request that arrived on a stream (by POSTing the response). */
  interface Answering {
    void answer(JsonNode request) throws McpFailure;
  }

  Streamable(UpstreamHttp http, URI endpoint, McpClient.Options options, Answering answering) {
    this.http = http;
    this.endpoint = endpoint;
    this.options = options;
    this.answering = answering;
  }

  /**
   * POSTs {@code body}; on a 401 or 403 lets the authorization renew the credential and repeats.
   * With {@code safe} (a request whose repeat changes nothing upstream) it is sent once more on a
   * new connection when a kept-alive one closes before any answer.
   */
  HttpResponse<InputStream> post(byte[] body, boolean safe) throws McpFailure {
    HttpResponse<InputStream> r = exchange(() -> postRequest(body, Map.of()), safe);
    McpClient.checkStatus(r.statusCode(), r.headers(), endpoint);
    return r;
  }

  /**
   * POSTs {@code body} with {@code headers} (2026-07-28: {@code Mcp-Method}, {@code Mcp-Name},
   * {@code Mcp-Param-*}), renewing the credential as {@link #post(byte[], boolean)} does, and sent
   * once more on a new connection when {@code safe} and one closes unanswered. Only the statuses
   * that mean the same in every era (401, 403, 429) are refused here; the caller reads any other
   * answer, a 4xx JSON-RPC error included.
   */
  HttpResponse<InputStream> post(byte[] body, Map<String, String> headers, boolean safe)
      throws McpFailure {
    HttpResponse<InputStream> r = exchange(() -> postRequest(body, headers), safe);
    int status = r.statusCode();
    if (status == 401 || status == 403 || status == 429) {
      UpstreamHttp.close(r.body());
      McpClient.checkStatus(status, r.headers(), endpoint);
    }
    return r;
  }

  private HttpRequest.Builder postRequest(byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b =
        http.request(endpoint)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return b;
  }

  /**
   * Sends with the session, version and credential; a 401 or 403 the authorization can renew is
   * sent again with the new credential, up to {@value #MAX_RENEWALS} times.
   */
  private HttpResponse<InputStream> exchange(Supplier<HttpRequest.Builder> request, boolean safe)
      throws McpFailure {
    UpstreamAuthorization auth = options.authorization();
    for (int renewals = 0; ; renewals++) {
      HttpRequest.Builder b = request.get();
      if (session != null) {
        b.header("Mcp-Session-Id", session);
      }
      if (protocolVersion != null) { // set once initialize answered, or before a modern request
        b.header("MCP-Protocol-Version", protocolVersion);
      }
      String credential = auth == null ? null : auth.header();
      if (credential != null) {
        b.header("Authorization", credential);
      }
      HttpResponse<InputStream> r = http.send(b.build(), endpoint, safe);
      int status = r.statusCode();
      if (auth == null || (status != 401 && status != 403) || renewals >= MAX_RENEWALS) {
        return r;
      }
      UpstreamHttp.close(r.body());
      String challenge = r.headers().firstValue("WWW-Authenticate").orElse(null);
      if (!auth.renew(endpoint, status, challenge)) {
        McpClient.checkStatus(status, r.headers(), endpoint);
        return r;
      }
    }
  }

  /**
   * The response to request {@code id} in {@code r}: the JSON body, or the message with that id on
   * the event stream (answering server requests on the way, resuming a stream that ends early).
   */
  JsonNode answer(HttpResponse<InputStream> r, int id) throws McpFailure, NotThisTransport {
    if (r.statusCode() / 100 != 2) {
      UpstreamHttp.close(r.body());
      throw new NotThisTransport("POST answered HTTP " + r.statusCode());
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/json")) {
      JsonNode m = http.readJson(r.body(), endpoint);
      if (m != null && m.path("id").asInt(-1) == id && (m.has("result") || m.has("error"))) {
        return m;
      }
      throw new NotThisTransport("no JSON-RPC response in the answer");
    }
    if (!type.startsWith("text/event-stream")) {
      UpstreamHttp.close(r.body());
      throw new NotThisTransport(
          "POST answered " + (type.isEmpty() ? "no content type" : type) + ", not JSON-RPC");
    }
    Position at = new Position();
    InputStream stream = r.body();
    for (int resumed = 0; ; resumed++) {
      JsonNode answer = readStream(stream, id, at);
      if (answer != null) {
        return answer;
      }
      if (at.lastId == null || resumed >= MAX_RESUMPTIONS) {
        throw new NotThisTransport("the event stream ended without an answer");
      }
      stream = resume(at);
    }
  }

  /** Where a stream got to: the last event id and the last retry delay the server asked for. */
  private static final class Position {
    String lastId;
    long retryMillis = DEFAULT_RETRY_MILLIS;
  }

  private JsonNode readStream(InputStream in, int id, Position at) throws McpFailure {
    Deadline deadline = Deadline.closing(in, options.timeout());
    try {
      SseReader reader = new SseReader(in);
      for (SseEvent e = reader.next(); e != null; e = reader.next()) {
        if (e.id() != null) {
          at.lastId = e.id();
        }
        if (e.retryMillis() >= 0) {
          at.retryMillis = e.retryMillis();
        }
        JsonNode m = e.hasData() && e.isMessage() ? UpstreamHttp.parse(e.dataAsString()) : null;
        if (m == null) {
          continue;
        }
        if (m.path("id").asInt(-1) == id && (m.has("result") || m.has("error"))) {
          return m;
        }
        if (m.has("method") && m.has("id")) {
          answering.answer(m);
        }
      }
      return null;
    } catch (IOException e) {
      if (deadline.passed()) {
        throw new McpFailure(Diagnosis.TIMEOUT, endpoint + " sent no answer in time");
      }
      return null;
    } finally {
      deadline.cancel();
      UpstreamHttp.close(in);
    }
  }

  /**
   * SEP-1699: after the server's {@code retry} delay, GET the endpoint with {@code Last-Event-ID}
   * to receive the rest of the stream.
   */
  private InputStream resume(Position at) throws McpFailure, NotThisTransport {
    try {
      Thread.sleep(at.retryMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpFailure(Diagnosis.TIMEOUT, "interrupted");
    }
    HttpResponse<InputStream> r = get(at.lastId);
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (r.statusCode() != 200 || !type.startsWith("text/event-stream")) {
      UpstreamHttp.close(r.body());
      McpClient.checkStatus(r.statusCode(), r.headers(), endpoint);
      throw new NotThisTransport("resuming the event stream answered HTTP " + r.statusCode());
    }
    return r.body();
  }

  private HttpResponse<InputStream> get(String lastEventId) throws McpFailure {
    return exchange(
        () -> {
          HttpRequest.Builder b =
              http.request(endpoint).header("Accept", "text/event-stream").GET();
          if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
          }
          return b;
        },
        true);
  }

  /**
   * Opens the standalone GET stream, on which a server sends requests not tied to one of ours
   * (2025-11-25: the client MAY open it). Returns once the server has accepted or refused it; a
   * refusal (405: the server offers none) leaves the session without one.
   */
  void listen() {
    HttpResponse<InputStream> r;
    try {
      r = get(null);
    } catch (McpFailure e) {
      return;
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (r.statusCode() != 200 || !type.startsWith("text/event-stream")) {
      UpstreamHttp.close(r.body());
      return;
    }
    listening = r.body();
    Thread.ofVirtual().name("mcp-client-listen").start(() -> drainRequests(r.body()));
  }

  private void drainRequests(InputStream in) {
    try {
      SseReader reader = new SseReader(in);
      for (SseEvent e = reader.next(); e != null; e = reader.next()) {
        JsonNode m = e.hasData() && e.isMessage() ? UpstreamHttp.parse(e.dataAsString()) : null;
        if (m != null && m.has("method") && m.has("id")) {
          answering.answer(m);
        }
      }
    } catch (IOException | McpFailure e) {
      // the stream closed or an answer could not be sent: the server's request times out there
    } finally {
      UpstreamHttp.close(in);
    }
  }

  /** Ends the session: closes the standalone stream and DELETEs the session. */
  void close() {
    InputStream in = listening;
    if (in != null) {
      UpstreamHttp.close(in);
    }
    if (session == null) {
      return;
    }
    HttpRequest.Builder b = http.request(endpoint).header("Mcp-Session-Id", session).DELETE();
    try {
      UpstreamAuthorization auth = options.authorization();
      String credential = auth == null ? null : auth.header();
      if (credential != null) {
        b.header("Authorization", credential);
      }
      UpstreamHttp.close(http.send(b.build(), endpoint).body());
    } catch (McpFailure e) {
      // the session expires on its own
    }
  }
}
