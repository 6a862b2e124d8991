package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.FilterChain;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.McpFilter;
import io.gatehouse.gateway.McpHandler;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.server.Handler;

/**
 * Wires the data plane together. Public only so {@link io.gatehouse.gateway.Gateway} can build it; use
 * that facade instead.
 */
public final class GatewayEngine implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final Upstreams upstreams;
  private final LocalSessions local;
  private final LegacySseTransport legacy;
  private final McpEndpoint endpoint;

  public GatewayEngine(GatewaySettings settings, RoutingTable routes, SessionSealer sealer,
      Map<Phase, List<McpFilter>> filters) {
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gatehouse-gateway-timer");
      t.setDaemon(true);
      return t;
    });
    KeepAlive keepAlive = new KeepAlive(timer, settings.keepAlive());
    this.upstreams = new Upstreams(settings.maxResponseBytes());
    this.local = new LocalSessions(timer, settings.resumeWindow());
    Sessions sessions = new Sessions(sealer, local);
    Map<Phase, List<McpFilter>> all = new EnumMap<>(Phase.class);
    filters.forEach((p, fs) -> all.put(p, new ArrayList<>(fs)));
    all.computeIfAbsent(Phase.AUDIT, p -> new ArrayList<>()).addFirst(new AccessLog(sessions));
    McpHandler chain = FilterChain.build(all, new UpstreamRelay(upstreams, sealer, local, settings));
    TransportGuard guard = new TransportGuard(settings);
    ServerStreams serverStreams = new ServerStreams(upstreams, local, keepAlive, settings);
    StreamableHttpTransport streamable =
        new StreamableHttpTransport(settings, guard, sessions, chain, serverStreams, upstreams, keepAlive);
    this.legacy = new LegacySseTransport(settings, sessions, chain, upstreams, keepAlive, routes, timer);
    this.endpoint = new McpEndpoint(routes, guard, streamable, legacy);
  }

  public Handler handler() {
    return endpoint;
  }

  /** Sessions with work in flight on this replica. */
  public int activeSessions() {
    return local.activeCount();
  }

  @Override
  public void close() {
    legacy.close();
    upstreams.close();
    timer.shutdownNow();
  }
}
