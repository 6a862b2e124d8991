package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.internal.GatewayEngine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;

/**
 * The MCP gateway: a Jetty handler for {@code /mcp/*} that relays MCP traffic to each route's upstream
 * through the filter chain. Build one per process with {@link #builder(RoutingTable, SessionSealer)}.
 *
 * <pre>{@code
 * RoutingTable routes = new RoutingTable();
 * routes.publish("config", List.of(RouteDefinition.of("echo", UpstreamDefinition.of(uri, UpstreamTransport.AUTO))));
 * try (Gateway gateway = Gateway.builder(routes, new SessionSealer(key)).build()) {
 *   server.setHandler(gateway.handler());
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
  private final GatewayEngine engine;

  private Gateway(GatewayEngine engine) {
    this.engine = engine;
  }

  public static Builder builder(RoutingTable routes, SessionSealer sealer) {
    return new Builder(routes, sealer);
  }

  /** The handler for {@code /mcp/...}; it declines other paths, so it can sit in front of other handlers. */
  public Handler handler() {
    return engine.handler();
  }

  /** Sessions with work in flight on this replica. */
  public int activeSessions() {
    return engine.activeSessions();
  }

  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link Gateway}. */
  public static final class Builder {
    private final RoutingTable routes;
    private final SessionSealer sealer;
    private GatewaySettings settings = GatewaySettings.defaults();
    private final Map<Phase, List<McpFilter>> filters = new EnumMap<>(Phase.class);

    private Builder(RoutingTable routes, SessionSealer sealer) {
      this.routes = requireNonNull(routes, "routes");
      this.sealer = requireNonNull(sealer, "sealer");
    }

    public Builder settings(GatewaySettings settings) {
      this.settings = requireNonNull(settings, "settings");
      return this;
    }

    /** Adds a filter to a phase; filters of one phase run in the order they were added. */
    public Builder filter(Phase phase, McpFilter filter) {
      filters.computeIfAbsent(requireNonNull(phase, "phase"), p -> new ArrayList<>()).add(requireNonNull(filter, "filter"));
      return this;
    }

    public Gateway build() {
      return new Gateway(new GatewayEngine(settings, routes, sealer, filters));
    }
  }
}
