package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpHandler;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Streamable HTTP transport toward callers (transports, 2025-11-25): POST carries one message,
 * GET opens the server-to-client stream or resumes one with {@code Last-Event-ID}, DELETE ends the session.
 */
final class StreamableHttpTransport {
  private final GatewaySettings settings;
  private final TransportGuard guard;
  private final Sessions sessions;
  private final McpHandler chain;
  private final ServerStreams serverStreams;
  private final Upstreams upstreams;
  private final KeepAlive keepAlive;

  StreamableHttpTransport(GatewaySettings settings, TransportGuard guard, Sessions sessions, McpHandler chain,
      ServerStreams serverStreams, Upstreams upstreams, KeepAlive keepAlive) {
    this.settings = settings;
    this.guard = guard;
    this.sessions = sessions;
    this.chain = chain;
    this.serverStreams = serverStreams;
    this.upstreams = upstreams;
    this.keepAlive = keepAlive;
  }

  void post(RouteDefinition route, Request request, Response response, Callback callback) throws Exception {
    String version = guard.protocolVersion(request);
    boolean sse = checkAccept(request.getHeaders().get(HttpHeader.ACCEPT));
    checkContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    HttpIo.Incoming in = HttpIo.readMessage(request, settings.maxRequestBytes());
    JsonRpcMessage m = in.message();
    byte[] body = in.body();
    String sessionId = m.isInitialize() ? null : request.getHeaders().get("Mcp-Session-Id");
    SessionToken session = m.isInitialize() ? null : sessions.open(sessionId, route);
    McpExchange ex = McpExchange.of(route, m, body, session, sessionId == null ? null : sessionId.trim(),
        name -> request.getHeaders().get(name));
    StreamableDownstream ds = new StreamableDownstream(response, callback, sse, m.id(), ex.sessionId(), sessions.local(),
        keepAlive, settings);
    ex.attr(UpstreamRelay.DOWNSTREAM, ds);
    ex.attr(UpstreamRelay.FORWARDED, forwarded(request, upstreamVersion(session, version)));
    McpOutcome outcome;
    try {
      outcome = chain.handle(ex, m);
    } finally {
      ds.finished();
    }
    if (!ds.isStreaming()) {
      write(outcome, response, callback);
    }
  }

  void get(RouteDefinition route, Request request, Response response, Callback callback) {
    String version = guard.protocolVersion(request);
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept != null && !accept.contains("text/event-stream") && !accept.contains("*/*")) {
      throw new GatewayException(GatewayErrors.NOT_ACCEPTABLE, "a GET stream is text/event-stream; the Accept header excludes it");
    }
    String sessionId = request.getHeaders().get("Mcp-Session-Id");
    SessionToken session = sessions.open(sessionId, route);
    serverStreams.open(route, sessionId.trim(), session, request.getHeaders().get("Last-Event-ID"),
        forwarded(request, upstreamVersion(session, version)), response, callback);
  }

  void delete(RouteDefinition route, Request request, Response response, Callback callback) {
    guard.protocolVersion(request);
    String sessionId = request.getHeaders().get("Mcp-Session-Id");
    SessionToken session = sessions.open(sessionId, route);
    sessions.terminate(sessionId.trim(), session.expiresAtEpochSecond());
    upstreams.terminate(route, session, forwarded(request, session.protocolVersion()));
    HttpIo.writeEmpty(response, callback, 200);
  }

  /**
   * The version to announce upstream: the one the upstream negotiated for this session. A caller may
   * send another supported one (or none, meaning 2025-03-26), but the upstream session has one version,
   * and older ones lose features such as priming events and resumption.
   */
  static String upstreamVersion(SessionToken session, String callerVersion) {
    return session != null && !session.protocolVersion().isEmpty() ? session.protocolVersion() : callerVersion;
  }

  static void write(McpOutcome outcome, Response response, Callback callback) {
    switch (outcome) {
      case McpOutcome.Accepted a -> HttpIo.writeEmpty(response, callback, 202);
      case McpOutcome.Reply r -> HttpIo.writeJson(response, callback, r.status(), r.json(), r.headers());
      case McpOutcome.Streamed s -> throw new IllegalStateException("a streamed outcome without an open stream");
    }
  }

  /** Whether the caller takes event streams; 406 when it takes neither JSON nor event streams. */
  static boolean checkAccept(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    boolean any = a.contains("*/*");
    boolean sse = any || a.contains("text/event-stream");
    if (!sse && !a.contains("application/json") && !a.contains("application/*")) {
      throw new GatewayException(GatewayErrors.NOT_ACCEPTABLE, "the Accept header '" + accept + "' excludes JSON and event streams");
    }
    return sse;
  }

  private static void checkContentType(String contentType) {
    if (contentType != null && !HttpPending.mediaType(contentType).equals("application/json")) {
      throw new GatewayException(GatewayErrors.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + contentType + "' is not application/json");
    }
  }

  /** The caller's headers that travel upstream: protocol version, MCP routing headers and trace context. */
  static Forwarded forwarded(Request request, String version) {
    List<Map.Entry<String, String>> extra = new ArrayList<>(2);
    for (HttpField f : request.getHeaders()) {
      String name = f.getLowerCaseName();
      if (name.startsWith("mcp-param-") || name.equals("mcp-method") || name.equals("mcp-name")
          || name.equals("traceparent") || name.equals("tracestate")) {
        extra.add(Map.entry(f.getName(), f.getValue()));
      }
    }
    return new Forwarded(version, extra);
  }
}
