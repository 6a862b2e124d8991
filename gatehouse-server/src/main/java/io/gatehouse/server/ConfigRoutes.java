package io.gatehouse.server;

import io.gatehouse.connect.Connections;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.server.config.GatehouseConfig;
import java.util.ArrayList;
import java.util.List;
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
 * replica, seen within a second) republishes the routes, and tells the catalog to republish its
 * deployments' routes, which may name connections too.
 */
final class ConfigRoutes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigRoutes.class);

  private final RoutingTable routes;
  private final HostingPart hosting;
  private GatehouseConfig config;
  private Connections connections;
  private ConnectionBinding binding;
  private Runnable followers = () -> {};
  private long seenRevision = -1;
  private ScheduledExecutorService poll;

  ConfigRoutes(RoutingTable routes, GatehouseConfig config, HostingPart hosting) {
    this.routes = routes;
    this.config = config;
    this.hosting = hosting;
  }

  /** A new configuration: its routes replace the file's routes now. */
  synchronized void configure(GatehouseConfig next) {
    config = next;
    hosting.configure(next.hosted());
    publish();
  }

  /** The edge listens: the routes of hosted stdio servers are served from now on. */
  synchronized void hostingListens() {
    publish();
  }

  /**
   * Binds the connections once the store is open, and watches them for changes; {@code followers}
   * (the catalog's routes) republish after each change too.
   */
  synchronized void bind(Connections connections, ConnectionBinding binding, Runnable followers) {
    this.connections = connections;
    this.binding = binding;
    this.followers = followers;
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
        followers.run();
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
      if (config.hosted().containsKey(r.name())) {
        if (hosting.isListening()) {
          out.add(hosting.bind(r));
        }
      } else if (ref == null) {
        out.add(r);
      } else if (binding != null) {
        out.add(binding.bind(r, ref.project(), ref.name()));
      }
    }
    routes.publish(GatehouseServer.CONFIG_SOURCE, out);
  }

  @Override
  public synchronized void close() {
    if (poll != null) {
      poll.shutdownNow();
    }
  }
}
