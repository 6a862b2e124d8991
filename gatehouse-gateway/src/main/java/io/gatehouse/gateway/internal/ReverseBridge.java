package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamProtocol;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.Era;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ModernProtocol;
import io.gatehouse.protocol.ProtocolVersions;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reverse bridge: a 2025-11-25 client's session on a route whose upstream speaks 2026-07-28.
 * The gateway answers {@code initialize} from {@code server/discover} ({@link ReverseInitialize}),
 * {@code ping}, {@code logging/setLevel}, {@code resources/subscribe} and the notifications itself;
 * every other request goes upstream as a 2026-07-28 request ({@link ReverseCall}), and the GET
 * stream is the upstream's {@code subscriptions/listen} ({@link ReverseListen}). StreamableHttp
 * hands a message here after the route's policies ran on it, exactly as for a proxied session.
 *
 * <p>A route fixed to 2026-07-28 bridges every {@code initialize}. An {@code auto} route sends it
 * to the upstream as it came, so a server of both eras (or of the session era) serves its
 * session-era clients itself, with no probe; only when the upstream refuses it as a 2026-07-28-only
 * server would, and a {@code server/discover} probe confirms that era, is it bridged, and later
 * ones go straight to the bridge while that is known ({@link UpstreamEras#refusesSessions}). A
 * bridged session stays bridged whatever is learned later: its sealed id says so ({@link
 * io.gatehouse.gateway.SessionToken#isBridged}).
 */
final class ReverseBridge {
  private final Relay relay;
  private final UpstreamEras eras;
  private final ReverseInputs inputs = new ReverseInputs();
  private final ReverseMemory memory = new ReverseMemory();

  ReverseBridge(Relay relay, UpstreamEras eras) {
    this.relay = relay;
    this.eras = eras;
  }

  /**
   * Whether an {@code initialize} on {@code route} goes straight to the bridge: on a route fixed to
   * 2026-07-28, or an {@code auto} one whose upstream is known to refuse the session era.
   */
  boolean bridges(RouteDefinition route) {
    return eras.refusesSessions(route);
  }

  /**
   * An {@code initialize} for the upstream itself, since a server that speaks both eras serves
   * sessions better (resumable streams, its own GET stream) and a session-era one costs nothing
   * more. On an {@code auto} route not fixed to HTTP+SSE a refusal that may mean "not the session
   * era" is checked with a {@code server/discover} probe; if the upstream speaks 2026-07-28 that is
   * kept and the bridge answers this {@code initialize}, otherwise the caller gets the refusal.
   */
  void initializeUpstream(
      HttpCall call, McpExchange ex, HttpHeaders h, Forwarded fwd, Downstream down) {
    RouteDefinition route = ex.route();
    InitializeCall direct = new InitializeCall(relay, call.edge.loop(), ex, fwd, down);
    if (route.upstream().protocol() == UpstreamProtocol.AUTO
        && route.upstream().transport() != UpstreamTransport.SSE) {
      direct.orTakenOverBy(
          new InitializeCall.Takeover() {
            @Override
            public void decide(Consumer<Boolean> then) {
              eras.probe(
                  call.edge.loop(),
                  ex,
                  era -> {
                    if (era == Era.MODERN) {
                      eras.sessionsRefused(route);
                    }
                    then.accept(era == Era.MODERN);
                  },
                  failed -> then.accept(false));
            }

            @Override
            public void serve() {
              initialize(call, ex, h, down);
            }
          });
    }
    direct.start();
  }

  /**
   * An {@code initialize} on a route whose upstream speaks 2026-07-28: answered from its {@code
   * server/discover}.
   */
  void initialize(HttpCall call, McpExchange ex, HttpHeaders h, Downstream down) {
    ObjectNode request = ReverseJson.object(ex.body());
    new ReverseInitialize(
            relay,
            eras,
            call.edge.loop(),
            ex,
            request,
            forwarded(h, McpMethods.SERVER_DISCOVER, null),
            down)
        .start();
  }

  /** A message in a bridged session, past the policies. */
  void relay(HttpCall call, McpExchange ex, HttpHeaders h, Downstream down) {
    JsonRpcMessage m = ex.message();
    if (m.isResponse()) {
      answered(call, ex, down);
      return;
    }
    if (!m.isRequest()) {
      if (McpMethods.CANCELLED.equals(m.method()) && m.cancelledRequestId() != null) {
        relay.sessions.local().cancel(ex.sessionId(), m.cancelledRequestId());
      }
      // notifications/initialized ends a handshake only the gateway took part in; a 2026-07-28
      // upstream knows no roots/list_changed either
      down.accepted();
      down.finished(202, null, false, 0);
      return;
    }
    ObjectNode request = ReverseJson.object(ex.body());
    ReverseMemory.Session session = memory.of(ex.sessionId());
    switch (m.method()) {
      case McpMethods.PING -> empty(request, down);
      case "logging/setLevel" -> {
        session.logLevel = request.path("params").path("level").asString(null);
        empty(request, down);
      }
      case "resources/subscribe", "resources/unsubscribe" -> {
        if (m.name() != null) {
          if (m.method().endsWith("/subscribe")) {
            session.subscribed.add(m.name());
          } else {
            session.subscribed.remove(m.name());
          }
          session.subscriptionsChanged();
        }
        empty(request, down);
      }
      default ->
          new ReverseCall(
                  relay,
                  eras,
                  inputs,
                  call.edge.loop(),
                  ex,
                  request,
                  forwarded(h, m.method(), m.name()),
                  down,
                  session.logLevel)
              .start();
    }
  }

  /** A bridged session's GET: the upstream's {@code subscriptions/listen}. */
  void listen(HttpCall call, McpExchange ex) {
    new ReverseListen(relay, call, ex, memory.of(ex.sessionId())).start();
  }

  /** The session was deleted on this replica: its GET streams end and its memory goes. */
  void forget(String sessionId) {
    memory.forget(sessionId);
  }

  /** The client's answer to a request the bridge sent it on an MRTR round. */
  private void answered(HttpCall call, McpExchange ex, Downstream down) {
    JsonRpcMessage m = ex.message();
    if (m.id() != null && !m.id().numeric() && inputs.answer(m.id().text(), ex.body())) {
      down.accepted();
      down.finished(202, null, false, 0);
      return;
    }
    call.refuse(
        new GatewayException(
            GatewayErrors.INPUT_NOT_PENDING,
            "route '"
                + ex.route().name()
                + "': no request with id "
                + m.id()
                + " waits for an answer here"));
  }

  private static void empty(ObjectNode request, Downstream down) {
    down.json(
        200, ReverseJson.result(request.get("id"), ReverseJson.JSON.createObjectNode()), Map.of());
    down.finished(200, null, false, 0);
  }

  /**
   * What goes upstream with a bridged request: {@code Mcp-Method}, {@code Mcp-Name} (the body's
   * name or URI, encoded when a header cannot carry it as it is) and the client's trace context.
   */
  static Forwarded forwarded(HttpHeaders h, String method, String name) {
    List<Map.Entry<String, String>> extra =
        new ArrayList<>(StreamableHttp.forwarded(h, ProtocolVersions.MODERN).extra());
    extra.removeIf(e -> e.getKey().regionMatches(true, 0, "mcp-", 0, 4));
    extra.add(Map.entry(ModernProtocol.HEADER_METHOD, method));
    if (name != null && ModernRequests.namesTarget(method)) {
      extra.add(Map.entry(ModernProtocol.HEADER_NAME, ModernProtocol.headerValue(name)));
    }
    return new Forwarded(ProtocolVersions.MODERN, extra);
  }
}
