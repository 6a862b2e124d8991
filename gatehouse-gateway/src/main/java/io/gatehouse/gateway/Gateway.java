package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.internal.GatewayEngine;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.http.IoLoops;
import io.gatehouse.http.spi.ChannelEndpoint;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP gateway: an endpoint for {@code /mcp/...} on the HTTP edge that relays MCP traffic to
 * each route's upstream through the policies. It runs on the edge's event loops: each call stays on
 * the thread of its caller's connection, upstream connection included. Build one per process.
 *
 * <pre>{@code
 * RoutingTable routes = new RoutingTable();
 * routes.publish("config", List.of(RouteDefinition.of("echo", UpstreamDefinition.of(uri, UpstreamTransport.AUTO))));
 * try (IoLoops loops = IoLoops.start(0);
 *     Gateway gateway = Gateway.builder(loops, routes, new SessionSealer(key)).build();
 *     HttpEdge edge = HttpEdge.builder(loops).mount("/mcp/", gateway.endpoint()).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
  private final GatewayEngine engine;

  private Gateway(GatewayEngine engine) {
    this.engine = engine;
  }

  public static Builder builder(IoLoops loops, RoutingTable routes, SessionSealer sealer) {
    return new Builder(loops, routes, sealer);
  }

  /** The endpoint to mount at {@code /mcp/}. */
  public ChannelEndpoint endpoint() {
    return engine.endpoint();
  }

  /**
   * The endpoint to mount at {@code /mcp/} on this replica's peer port, where only other replicas
   * of the deployment may call (the assembly checks the peer key first): it continues the bridged
   * calls this replica holds with the retries another replica forwarded ({@link
   * Builder#forwarder}), and starts nothing new. The forwarded retry passes the route's policies
   * here again, authentication included: the owner trusts no principal a peer names.
   */
  public ChannelEndpoint peerEndpoint() {
    return engine.peerEndpoint();
  }

  /** Sessions with work in flight on this replica. */
  public int activeSessions() {
    return engine.activeSessions();
  }

  /**
   * Server-to-client streams open on this replica: Streamable HTTP GET streams and legacy SSE
   * streams (what a pushed notification reaches).
   */
  public int openStreams() {
    return engine.openStreams();
  }

  /**
   * Sends one JSON-RPC notification of the gateway's own (such as {@code
   * notifications/tools/list_changed}) to every session of {@code route} that has a
   * server-to-client stream open on this replica: a Streamable HTTP GET stream, where it takes an
   * event id and is replayed on resumption like any other event, or a legacy SSE stream. Each is
   * written on its stream's own event loop, so this returns at once. Sessions without an open
   * stream, and those held by other replicas, are not told.
   *
   * @return how many streams it was queued on
   * @throws IllegalArgumentException if {@code notification} is not a JSON-RPC notification
   */
  public int notifySessions(String route, byte[] notification) {
    requireNonNull(route, "route");
    requireNonNull(notification, "notification");
    JsonRpcMessage m;
    try {
      m = EnvelopeScanner.scan(notification);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("notification: not a JSON-RPC message", e);
    }
    if (!m.isNotification()) {
      throw new IllegalArgumentException(
          "notification: a request or response (expected: a notification)");
    }
    return engine.push(route, notification.clone());
  }

  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link Gateway}. */
  public static final class Builder {
    private final IoLoops loops;
    private final RoutingTable routes;
    private final SessionSealer sealer;
    private GatewaySettings settings = GatewaySettings.defaults();
    private final Map<Phase, List<McpPolicy>> policies = new EnumMap<>(Phase.class);
    private Egress egress = Egress.defaults();
    private RequestStateSealer requestStates = RequestStateSealer.withRandomKey();
    private BridgeSettings bridge = BridgeSettings.defaults();
    private HeldCallForwarder forwarder;

    private Builder(IoLoops loops, RoutingTable routes, SessionSealer sealer) {
      this.loops = requireNonNull(loops, "loops");
      this.routes = requireNonNull(routes, "routes");
      this.sealer = requireNonNull(sealer, "sealer");
    }

    public Builder settings(GatewaySettings settings) {
      this.settings = requireNonNull(settings, "settings");
      return this;
    }

    /** Which addresses upstream connections may reach (by default: all but link-local ones). */
    public Builder egress(Egress egress) {
      this.egress = requireNonNull(egress, "egress");
      return this;
    }

    /**
     * How the era bridge keeps its state here; replicas that forward retries to each other need
     * their own replica ids in it.
     */
    public Builder bridge(BridgeSettings bridge) {
      this.bridge = requireNonNull(bridge, "bridge");
      return this;
    }

    /**
     * How a retry whose {@code requestState} names another replica reaches it (by default it does
     * not: the call it names is gone, {@code PENDING_CALL_GONE}).
     */
    public Builder forwarder(HeldCallForwarder forwarder) {
      this.forwarder = requireNonNull(forwarder, "forwarder");
      return this;
    }

    /**
     * Seals the {@code requestState}s the gateway gives 2026-07-28 clients; replicas that may see
     * each other's retries need one key (by default a random one: states stay in this process).
     */
    public Builder requestStates(RequestStateSealer requestStates) {
      this.requestStates = requireNonNull(requestStates, "requestStates");
      return this;
    }

    /** Adds a policy to a phase; policies of one phase run in the order they were added. */
    public Builder policy(Phase phase, McpPolicy policy) {
      policies
          .computeIfAbsent(requireNonNull(phase, "phase"), p -> new ArrayList<>())
          .add(requireNonNull(policy, "policy"));
      return this;
    }

    public Gateway build() {
      return new Gateway(
          new GatewayEngine(
              loops, settings, routes, sealer, requestStates, bridge, forwarder, policies, egress));
    }
  }
}
