package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpHandler;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy HTTP+SSE transport toward callers (MCP 2024-11-05): {@code GET /mcp/{route}/sse} opens the
 * caller's event stream and names the endpoint, {@code POST /mcp/{route}/messages?sessionId=…} takes each
 * message with 202 and answers on the stream. Behind it the route's upstream may speak either transport.
 */
final class LegacySseTransport {
  private static final Logger log = LoggerFactory.getLogger(LegacySseTransport.class);

  private final GatewaySettings settings;
  private final Sessions sessions;
  private final McpHandler chain;
  private final Upstreams upstreams;
  private final KeepAlive keepAlive;
  private final RoutingTable routes;
  private final Map<String, LegacySession> callers = new ConcurrentHashMap<>();

  LegacySseTransport(GatewaySettings settings, Sessions sessions, McpHandler chain, Upstreams upstreams,
      KeepAlive keepAlive, RoutingTable routes, ScheduledExecutorService timer) {
    this.settings = settings;
    this.sessions = sessions;
    this.chain = chain;
    this.upstreams = upstreams;
    this.keepAlive = keepAlive;
    this.routes = routes;
    timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  void connect(RouteDefinition route, Response response, Callback callback) {
    LegacySession s = new LegacySession(UUID.randomUUID().toString(), route.name(),
        new EventStreamWriter(response, callback, Map.of()));
    callers.put(s.id, s);
    keepAlive.register(s.writer);
    String endpoint = "/mcp/" + route.name() + "/messages?sessionId=" + s.id;
    s.writer.write(SseEncoder.encode(new SseEvent(null, "endpoint", endpoint.getBytes(StandardCharsets.UTF_8), -1)));
  }

  void message(RouteDefinition route, Request request, Response response, Callback callback) {
    String id = Request.extractQueryParameters(request).getValue("sessionId");
    LegacySession s = id == null ? null : callers.get(id);
    if (s == null || !s.route.equals(route.name()) || s.writer.isGone()) {
      throw new GatewayException(GatewayErrors.SESSION_NOT_FOUND, "route '" + route.name() + "': unknown or closed SSE session");
    }
    HttpIo.Incoming in = HttpIo.readMessage(request, settings.maxRequestBytes());
    HttpFields headers = HttpFields.build(request.getHeaders()).asImmutable();
    HttpIo.writeEmpty(response, callback, 202);
    // The answer goes out on the caller's stream. Relay on a thread of its own: Jetty reads the next
    // request of this connection only once this handler returns, and that next request may be the
    // caller's answer to a sampling request the relayed call is waiting for.
    Thread.ofVirtual().name("gatehouse-legacy-message").start(() -> process(route, s, in.message(), in.body(), headers));
  }

  private void process(RouteDefinition route, LegacySession s, JsonRpcMessage m, byte[] body, HttpFields headers) {
    SessionToken token = m.isInitialize() ? null : s.token();
    if (token == null && !m.isInitialize()) {
      if (m.isRequest()) {
        s.stream.emitMessage(ErrorReplies.body(m.id(), GatewayErrors.SESSION_REQUIRED, "initialize the session first"));
      }
      return;
    }
    McpExchange ex = McpExchange.of(route, m, body, token, token == null ? null : s.sessionId(), headers::get);
    ex.attr(UpstreamRelay.DOWNSTREAM, new LegacyDownstream(this, route, s));
    ex.attr(UpstreamRelay.FORWARDED, new Forwarded(token == null ? null : token.protocolVersion(), java.util.List.of()));
    McpOutcome outcome;
    try {
      outcome = chain.handle(ex, m);
    } catch (Exception e) {
      log.error("route {}: relaying {} for a legacy SSE caller failed", route.name(), m.method(), e);
      outcome = ErrorReplies.forRequest(m.id(), new GatewayException(GatewayErrors.INTERNAL_ERROR, "internal error"));
    }
    if (outcome instanceof McpOutcome.Reply r) {
      String sealed = r.headers().get("Mcp-Session-Id");
      if (sealed != null) {
        adopt(route, s, sealed);
      }
      if (m.isRequest()) {
        s.stream.emitMessage(r.json());
      }
    }
    if (McpMethods.INITIALIZED.equals(m.method())) {
      Thread.ofVirtual().name("gatehouse-legacy-listen").start(() -> listen(route, s));
    }
  }

  /** Takes over the session the relay opened for an {@code initialize} this caller sent. */
  void adopt(RouteDefinition route, LegacySession s, String sealedId) {
    s.initialized(sealedId, sessions.open(sealedId, route));
  }

  /** Relays the upstream's server-to-client stream onto the caller's one stream. */
  private void listen(RouteDefinition route, LegacySession s) {
    SessionToken token = s.token();
    try {
      UpstreamReply reply = upstreams.listen(route, token, null, new Forwarded(token.protocolVersion(), java.util.List.of())).await();
      if (!(reply instanceof UpstreamReply.Events ev) || !s.startListening(ev.source())) {
        return;
      }
      for (SseEvent e = ev.source().next(); e != null && !s.writer.isGone(); e = ev.source().next()) {
        s.stream.emit(e);
      }
    } catch (GatewayException e) {
      log.debug("route {}: no server-to-client stream for a legacy SSE caller: {}", route.name(), e.getMessage());
    }
  }

  /** Ends the sessions of callers whose stream has closed. */
  private void sweep() {
    callers.values().removeIf(s -> {
      if (!s.writer.isGone()) {
        return false;
      }
      Thread.startVirtualThread(() -> end(s));
      return true;
    });
  }

  private void end(LegacySession s) {
    s.close();
    SessionToken t = s.token();
    RouteDefinition route = routes.current().route(s.route);
    if (t != null) {
      sessions.terminate(s.sessionId(), t.expiresAtEpochSecond());
      if (route != null) {
        upstreams.terminate(route, t, new Forwarded(t.protocolVersion(), java.util.List.of()));
      }
    }
  }

  void close() {
    callers.values().forEach(LegacySession::close);
    callers.clear();
  }

  /** A legacy caller's POST, answered on its one stream. */
  private record LegacyDownstream(LegacySseTransport transport, RouteDefinition route, LegacySession s)
      implements Downstream {
    @Override
    public boolean acceptsEventStream() {
      return true;
    }

    @Override
    public DownstreamStream open(Map<String, String> headers) {
      String sealed = headers.get("Mcp-Session-Id");
      if (sealed != null) {
        transport.adopt(route, s, sealed);
      }
      return s.stream;
    }
  }
}
