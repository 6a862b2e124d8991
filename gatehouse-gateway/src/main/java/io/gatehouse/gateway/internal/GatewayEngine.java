package io.gatehouse.gateway.internal;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.BridgeSettings;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.HeldCallForwarder;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.internal.upstream.UpstreamClient;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.http.IoLoops;
import io.gatehouse.http.spi.ChannelEndpoint;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires the data plane together. Public only so {@link io.gatehouse.gateway.Gateway} can build it;
 * use that facade instead.
 */
public final class GatewayEngine implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final LocalSessions local;
  private final Upstreams upstreams;
  private final Relay relay;
  private final LegacySse legacy;
  private final Bridge bridge;
  private final McpEndpoint endpoint;
  private final McpEndpoint peerEndpoint;

  public GatewayEngine(
      IoLoops loops,
      GatewaySettings settings,
      RoutingTable routes,
      SessionSealer sealer,
      RequestStateSealer requestStates,
      BridgeSettings bridging,
      HeldCallForwarder forwarder,
      Map<Phase, List<McpPolicy>> policies,
      Egress egress) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gatehouse-gateway-timer");
              t.setDaemon(true);
              return t;
            });
    this.local = new LocalSessions(timer, settings.resumeWindow());
    Sessions sessions = new Sessions(sealer, local);
    Map<Phase, List<McpPolicy>> all = new EnumMap<>(Phase.class);
    policies.forEach((p, ps) -> all.put(p, new ArrayList<>(ps)));
    all.computeIfAbsent(Phase.AUDIT, p -> new ArrayList<>()).addFirst(new AccessLog(sessions));
    PolicyPipeline pipeline = new PolicyPipeline(all);
    this.upstreams =
        new Upstreams(new UpstreamClient(loops, egress), settings.maxResponseBytes(), pipeline);
    this.relay = new Relay(settings, upstreams, sessions, sealer, requestStates, pipeline);
    TransportGuard guard = new TransportGuard(settings);
    this.legacy = new LegacySse(relay, routes);
    this.bridge =
        new Bridge(
            relay,
            bridging,
            new BridgeStates(requestStates, bridging.replica(), bridging.inputWait()),
            forwarder == null ? null : new BridgeHop(forwarder),
            timer);
    StreamableHttp streamable =
        new StreamableHttp(
            relay, guard, new ModernPost(relay, new UpstreamEras(upstreams), bridge));
    this.endpoint =
        new McpEndpoint(
            routes, settings.maxRequestBytes(), guard, streamable, legacy, pipeline, false);
    this.peerEndpoint =
        new McpEndpoint(
            routes, settings.maxRequestBytes(), guard, streamable, legacy, pipeline, true);
  }

  public ChannelEndpoint endpoint() {
    return endpoint;
  }

  /** The endpoint to mount at {@code /mcp/} on the peer port, behind the peer key. */
  public ChannelEndpoint peerEndpoint() {
    return peerEndpoint;
  }

  /** Sessions with work in flight on this replica. */
  public int activeSessions() {
    return local.activeCount();
  }

  /** Server-to-client streams open on this replica (GET streams and legacy SSE streams). */
  public int openStreams() {
    return relay.open.count();
  }

  /** Pushes {@code json} onto every open server-to-client stream of {@code route} here. */
  public int push(String route, byte[] json) {
    return relay.open.push(route, json);
  }

  @Override
  public void close() {
    bridge.close();
    legacy.close();
    upstreams.close();
    timer.shutdownNow();
  }
}
