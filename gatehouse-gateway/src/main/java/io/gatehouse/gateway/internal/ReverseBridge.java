package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamProtocol;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ModernProtocol;
import io.gatehouse.protocol.ProtocolVersions;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reverse bridge: a 2025-11-25 client's session on a route whose upstream speaks 2026-07-28.
 * The gateway answers {@code initialize} from {@code server/discover} ({@link ReverseInitialize}),
 * {@code ping}, {@code logging/setLevel}, {@code resources/subscribe} and the notifications itself;
 * every other request goes upstream as a 2026-07-28 request ({@link ReverseCall}), and the GET
 * stream is the upstream's {@code subscriptions/listen} ({@link ReverseListen}). StreamableHttp
 * hands a message here after the route's policies ran on it, exactly as for a proxied session.
 */
final class ReverseBridge {
  private final Relay relay;
  private final ReverseInputs inputs = new ReverseInputs();
  private final ReverseMemory memory = new ReverseMemory();

  ReverseBridge(Relay relay) {
    this.relay = relay;
  }

  /**
   * Whether an {@code initialize} on {@code route} is bridged: only on a route fixed to 2026-07-28.
   * An {@code auto} route passes it through as before, unprobed, since servers that speak both eras
   * (the TypeScript SDK v2's) serve sessions better themselves (resumable streams, their own GET
   * stream), and a session-era upstream costs nothing more.
   */
  static boolean bridges(RouteDefinition route) {
    return route.upstream().protocol() == UpstreamProtocol.MODERN;
  }

  /**
   * An {@code initialize} on a route whose upstream speaks 2026-07-28: answered from its {@code
   * server/discover}.
   */
  void initialize(HttpCall call, McpExchange ex, HttpHeaders h, Downstream down) {
    ObjectNode request = ReverseJson.object(ex.body());
    new ReverseInitialize(
            relay,
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
