package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ProtocolException;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The legacy HTTP+SSE transport toward callers (MCP 2024-11-05): {@code GET /mcp/{route}/sse} opens
 * the caller's event stream and names the endpoint, {@code POST /mcp/{route}/messages?sessionId=…}
 * takes each message with 202 and answers on the stream. Behind it the route's upstream may speak
 * either transport.
 */
final class LegacySse {
  private final Relay relay;
  private final RoutingTable routes;
  private final Map<String, Caller> callers = new ConcurrentHashMap<>();

  LegacySse(Relay relay, RoutingTable routes) {
    this.relay = relay;
    this.routes = routes;
  }

  /** A legacy caller: its one event stream and the gateway session it initialized over it. */
  private static final class Caller implements OpenStreams.Listener {
    final String id;
    final EventLoop loop;
    final String route;
    final String principal;
    final EventStream writer;
    final SharedStream stream;
    volatile String sessionId;
    volatile SessionToken token;
    volatile Upstreams.Pending listening;

    Caller(String id, String route, String principal, EventStream writer, EventLoop loop) {
      this.id = id;
      this.loop = loop;
      this.route = route;
      this.principal = principal;
      this.writer = writer;
      this.stream = new SharedStream(writer);
    }

    @Override
    public EventLoop loop() {
      return loop;
    }

    /**
     * Only once the caller has a session: a message before its initialize answer is out of place.
     */
    @Override
    public void push(byte[] json) {
      if (token != null) {
        stream.emitMessage(json);
      }
    }
  }

  void connect(HttpCall call) {
    McpExchange ex =
        McpExchange.builder(call.route, McpExchange.Entry.SSE_CONNECT)
            .headers(call::header)
            .remoteAddress(call.remote)
            .build();
    call.exchange(ex);
    relay.policies.request(
        ex,
        call.edge.loop(),
        r -> StreamableHttp.refuse(call, r, null, true),
        () -> {
          Caller c =
              new Caller(
                  UUID.randomUUID().toString(),
                  call.route.name(),
                  ex.principalId(),
                  call.openStream(Map.of(), relay.settings.keepAlive()),
                  call.edge.loop());
          callers.put(c.id, c);
          relay.open.add(c.route, c);
          call.edge.onClose(() -> end(c, call));
          String endpoint = "/mcp/" + call.route.name() + "/messages?sessionId=" + c.id;
          c.writer.write(
              SseEncoder.encode(
                  new SseEvent(null, "endpoint", endpoint.getBytes(StandardCharsets.UTF_8), -1)));
        });
  }

  /**
   * A message on a legacy caller's connection. The HTTP-level policies run before the connection is
   * looked up, so a caller without credentials is told 401 whatever id it sends, and one with
   * another principal's credentials is told 404, as for an unknown connection.
   */
  void message(HttpCall call, FullHttpRequest request, String query) {
    String id = sessionIdOf(query);
    byte[] body = ByteBufUtil.getBytes(request.content());
    JsonRpcMessage m;
    try {
      m = EnvelopeScanner.scan(body);
    } catch (ProtocolException e) {
      throw new GatewayException(
          e.code() == JsonRpcErrors.PARSE_ERROR
              ? GatewayErrors.PARSE_ERROR
              : GatewayErrors.INVALID_REQUEST,
          e.getMessage(),
          e.id());
    }
    HttpHeaders headers = request.headers();
    McpExchange ex =
        McpExchange.builder(call.route, McpExchange.Entry.MESSAGE)
            .message(m, body)
            .headers(name -> HttpCall.combined(headers, name))
            .remoteAddress(call.remote)
            .build();
    call.exchange(ex);
    relay.policies.request(
        ex,
        call.edge.loop(),
        r -> StreamableHttp.refuse(call, r, m, true),
        () -> {
          Caller c = id == null ? null : callers.get(id);
          if (c == null
              || !c.route.equals(call.route.name())
              || !c.principal.equals(ex.principalId())
              || c.writer.isGone()) {
            call.refuse(
                GatewayErrors.SESSION_NOT_FOUND,
                "route '" + call.route.name() + "': unknown or closed SSE session",
                m.id(),
                Map.of());
            return;
          }
          // Taken at once: the answer goes out on the caller's stream, and the next POST of this
          // connection may
          // be the caller's answer to a sampling request the relayed call is waiting for.
          call.empty(202, Map.of());
          SessionToken token = m.isInitialize() ? null : c.token;
          if (token == null && !m.isInitialize()) {
            if (m.isRequest()) {
              call.sentElsewhere(
                  c.stream.send(
                      RpcErrors.body(
                          m.id(), GatewayErrors.SESSION_REQUIRED, "initialize the session first")));
            }
            call.report(202, GatewayErrors.SESSION_REQUIRED, false, 0);
            return;
          }
          McpExchange opened = token == null ? ex : ex.withSession(token, c.sessionId);
          call.exchange(opened);
          relay.policies.message(
              opened,
              call.edge.loop(),
              r -> refusedOnStream(c, call, r, m),
              () -> {
                Forwarded fwd =
                    new Forwarded(token == null ? null : token.protocolVersion(), List.of());
                relay.relay(call.edge.loop(), opened, fwd, new OnStream(this, call, c, m));
                if (McpMethods.INITIALIZED.equals(m.method())) {
                  listen(call, c, opened);
                }
              },
              () -> {
                // a policy took the message (the POST was answered 202); a request gets an error
                if (m.isRequest()) {
                  refusedOnStream(
                      c,
                      call,
                      new io.gatehouse.gateway.Verdict.Refuse(
                          GatewayErrors.INTERNAL_ERROR,
                          "a policy took the request without answering it",
                          Map.of()),
                      m);
                } else {
                  call.report(202, null, false, 0);
                }
              });
        });
  }

  private static void refusedOnStream(
      Caller c, HttpCall call, io.gatehouse.gateway.Verdict.Refuse r, JsonRpcMessage m) {
    if (m.isRequest()) {
      call.sentElsewhere(c.stream.send(RpcErrors.body(m.id(), r)));
    }
    call.report(202, r.key(), false, 0);
  }

  private static String sessionIdOf(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("sessionId=")) {
        return HttpRequest.decode(pair.substring("sessionId=".length()), true);
      }
    }
    return null;
  }

  /** Takes over the session the relay opened for an {@code initialize} this caller sent. */
  private void adopt(RouteDefinition route, Caller c, String sealedId) {
    c.token = relay.sessions.open(sealedId, route, c.principal);
    c.sessionId = sealedId;
  }

  /** Relays the upstream's server-to-client stream onto the caller's one stream. */
  private void listen(HttpCall call, Caller c, McpExchange ex) {
    SessionToken token = c.token;
    if (token == null || c.listening != null) {
      return;
    }
    McpExchange stream =
        McpExchange.builder(ex.route(), McpExchange.Entry.STREAM)
            .session(token, c.sessionId)
            .headers(ex::header)
            .remoteAddress(ex.remoteAddress())
            .build();
    stream.authenticated(ex.principal());
    c.listening =
        relay.upstreams.listen(
            call.edge.loop(),
            stream,
            token,
            null,
            new Forwarded(token.protocolVersion(), List.of()),
            new Relay.Quiet(ex.route()) {
              @Override
              public void event(SseEvent e) {
                c.stream.emit(Relay.respond(relay, stream, e));
              }
            });
  }

  /** The caller's stream closed: its session ends, here and upstream. */
  private void end(Caller c, HttpCall call) {
    callers.remove(c.id);
    relay.open.remove(c.route, c);
    Upstreams.Pending l = c.listening;
    if (l != null) {
      l.abort();
    }
    SessionToken t = c.token;
    RouteDefinition route = routes.current().route(c.route);
    if (t != null) {
      relay.sessions.terminate(c.sessionId, t.expiresAtEpochSecond());
      if (route != null) {
        McpExchange ex =
            McpExchange.builder(route, McpExchange.Entry.DELETE).session(t, c.sessionId).build();
        relay.upstreams.terminate(
            call.edge.loop(), ex, t, new Forwarded(t.protocolVersion(), List.of()), () -> {});
      }
    }
    call.report(200, null, true, 0);
  }

  void close() {
    callers.values().forEach(c -> c.writer.close());
    callers.clear();
  }

  /** A legacy caller's message, answered on its one stream. */
  private record OnStream(LegacySse transport, HttpCall call, Caller c, JsonRpcMessage m)
      implements Downstream {
    @Override
    public boolean acceptsEventStream() {
      return true;
    }

    @Override
    public void json(int status, byte[] json, Map<String, String> headers) {
      adoptFrom(headers);
      if (m.isRequest()) {
        call.sentElsewhere(c.stream.send(json));
      }
    }

    @Override
    public void accepted() {}

    @Override
    public DownstreamStream open(Map<String, String> headers) {
      adoptFrom(headers);
      return c.stream.countedFor(call);
    }

    private void adoptFrom(Map<String, String> headers) {
      String sealed = headers.get("Mcp-Session-Id");
      if (sealed != null) {
        transport.adopt(call.route, c, sealed);
      }
    }

    @Override
    public void onGone(Runnable action) {}

    @Override
    public void finished(int status, ErrorKey error, boolean streamed, int events) {
      call.report(status, error, streamed, events);
    }
  }
}
