package io.gatehouse.server;

import io.gatehouse.connect.ConnectErrors;
import io.gatehouse.connect.Connection;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamProxy;
import io.gatehouse.gateway.UpstreamTls;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.server.config.GatehouseConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the configuration file's routes, with those that name a connection bound to it: the
 * connection's URL and transport, and its credential injected on every upstream request. Until the
 * store is open those routes are not served; a route whose connection does not exist answers {@code
 * CONNECTION_NOT_FOUND} without reaching anything. A change to a connection (here, or on another
 * replica, seen within a second) republishes the routes.
 */
final class ConfigRoutes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigRoutes.class);

  private final RoutingTable routes;
  private GatehouseConfig config;
  private Connections connections;
  private long seenRevision = -1;
  private ScheduledExecutorService poll;

  ConfigRoutes(RoutingTable routes, GatehouseConfig config) {
    this.routes = routes;
    this.config = config;
  }

  /** A new configuration: its routes replace the file's routes now. */
  synchronized void configure(GatehouseConfig next) {
    config = next;
    publish();
  }

  /** Binds the connections once the store is open, and watches them for changes. */
  synchronized void bind(Connections connections) {
    this.connections = connections;
    seenRevision = connections.revision();
    publish();
    poll =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gatehouse-connection-poll");
              t.setDaemon(true);
              return t;
            });
    poll.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  /** Tells that a connection changed here, so the routes change now rather than at the poll. */
  void changed() {
    check();
  }

  private synchronized void check() {
    try {
      long now = connections.revision();
      if (now != seenRevision) {
        publish();
        seenRevision = now; // only once published: a failed publish is retried at the next poll
      }
    } catch (RuntimeException e) {
      log.warn(
          "connections: checking for changes failed ({}); the next poll retries", e.toString());
    }
  }

  private void publish() {
    List<RouteDefinition> out = new ArrayList<>();
    for (RouteDefinition r : config.routes()) {
      GatehouseConfig.ConnectionRef ref = config.routeConnections().get(r.name());
      if (ref == null) {
        out.add(r);
      } else if (connections != null) {
        out.add(bound(r, ref));
      }
    }
    routes.publish(GatehouseServer.CONFIG_SOURCE, out);
  }

  private RouteDefinition bound(RouteDefinition r, GatehouseConfig.ConnectionRef ref) {
    Connection c = connections.find(ref.project(), ref.name()).orElse(null);
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>(r.policies().in(p)));
    }
    if (c == null) {
      byPhase.get(Phase.INJECT_CREDENTIALS).add(new Missing(ref));
      return new RouteDefinition(
          r.name(), r.upstream(), r.timeouts(), r.source(), RoutePolicies.of(byPhase));
    }
    McpPolicy credential = connections.credentials().policy(c);
    if (credential != null) {
      byPhase.get(Phase.INJECT_CREDENTIALS).add(credential);
    }
    UpstreamTls tls = null;
    UpstreamProxy proxy = null;
    try {
      tls = connections.credentials().tls(c);
      proxy = connections.credentials().proxy(c);
    } catch (McpFailure e) {
      byPhase.get(Phase.INJECT_CREDENTIALS).add(new Refusal(e.error(), e.getMessage()));
    }
    return new RouteDefinition(
        r.name(),
        new UpstreamDefinition(c.url(), c.transport(), Map.of(), tls, proxy),
        r.timeouts(),
        r.source(),
        RoutePolicies.of(byPhase));
  }

  /** Refuses every request of a route whose connection cannot be used as it stands. */
  private record Refusal(io.gatehouse.core.ErrorKey key, String message) implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange exchange) {
      return Verdict.refuse(key, "route '" + exchange.route().name() + "': " + message);
    }

    @Override
    public boolean readsResponses(McpExchange exchange) {
      return false;
    }
  }

  /** Refuses every request of a route whose connection does not exist. */
  private record Missing(GatehouseConfig.ConnectionRef ref) implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange exchange) {
      return Verdict.refuse(
          ConnectErrors.CONNECTION_NOT_FOUND,
          "route '"
              + exchange.route().name()
              + "' names connection '"
              + ref.name()
              + "', which project '"
              + ref.project()
              + "' does not have");
    }

    @Override
    public boolean readsResponses(McpExchange exchange) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (poll != null) {
      poll.shutdownNow();
    }
  }
}
