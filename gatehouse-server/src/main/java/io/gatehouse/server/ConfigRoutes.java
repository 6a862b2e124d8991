package io.gatehouse.server;

import io.gatehouse.connect.Connections;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.hosting.openapi.OpenApiHosting;
import io.gatehouse.hosting.openapi.OpenApiRoute;
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
  private GatehouseConfig config;
  private Connections connections;
  private ConnectionBinding binding;
  private Runnable followers = () -> {};
  private long seenRevision = -1;
  private ScheduledExecutorService poll;
  private final HostingPart stdio;
  private OpenApiHosting hosting;
  private java.util.function.Supplier<java.net.URI> edge;
  private java.util.Map<String, RouteDefinition> hosted = java.util.Map.of();

  private final VirtualPart virtual;

  ConfigRoutes(
      RoutingTable routes, GatehouseConfig config, HostingPart stdio, VirtualPart virtual) {
    this.routes = routes;
    this.config = config;
    this.stdio = stdio;
    this.virtual = virtual;
  }

  /** A new configuration: its routes replace the file's routes now. */
  synchronized void configure(GatehouseConfig next) {
    java.util.Map<String, OpenApiHosting.Prepared> apis = prepareHosted(next);
    config = next;
    hosted = serveHosted(apis);
    stdio.configure(next.hosted());
    virtual.configure(next.virtualRoutes());
    publish();
  }

  /** The edge listens: the routes of hosted stdio servers are served from now on. */
  synchronized void hostingListens() {
    publish();
  }

  /**
   * Serves the OpenAPI routes once the HTTP edge listens: each document is read now (and at every
   * new configuration), and the route's upstream becomes the edge's hosted endpoint with the
   * process's key.
   *
   * @throws io.gatehouse.core.GatehouseException when a document cannot be read or used
   */
  synchronized void bindHosting(
      OpenApiHosting hosting, java.util.function.Supplier<java.net.URI> edge) {
    this.hosting = hosting;
    this.edge = edge;
    hosted = serveHosted(prepareHosted(config));
    publish();
  }

  /**
   * Reads every OpenAPI document of {@code next} before anything is served, so a document that
   * cannot be used leaves the running routes as they are.
   */
  private java.util.Map<String, OpenApiHosting.Prepared> prepareHosted(GatehouseConfig next) {
    java.util.Map<String, OpenApiHosting.Prepared> out = new java.util.LinkedHashMap<>();
    if (hosting == null) {
      return out;
    }
    for (RouteDefinition r : next.routes()) {
      OpenApiRoute api = next.openApiRoutes().get(r.name());
      if (api == null) {
        continue;
      }
      try {
        out.put(r.name(), hosting.prepare(api));
      } catch (io.gatehouse.core.GatehouseException e) {
        throw new io.gatehouse.server.config.ConfigException(
            "route '" + r.name() + "': " + e.getMessage() + " (" + e.error().key() + ")");
      }
    }
    return out;
  }

  private java.util.Map<String, RouteDefinition> serveHosted(
      java.util.Map<String, OpenApiHosting.Prepared> apis) {
    java.util.Map<String, RouteDefinition> out = new java.util.HashMap<>();
    for (RouteDefinition r : config.routes()) {
      OpenApiHosting.Prepared prepared = apis.get(r.name());
      if (prepared == null) {
        continue;
      }
      hosting.serve(prepared);
      java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(r.upstream().headers());
      headers.putAll(hosting.upstreamHeaders());
      UpstreamDefinition up =
          new UpstreamDefinition(
              OpenApiHosting.upstreamUrl(edge.get(), r.name()),
              UpstreamTransport.STREAMABLE_HTTP,
              headers);
      out.put(
          r.name(),
          new RouteDefinition(r.name(), up, r.timeouts(), r.source(), r.policies(), r.project()));
      log.info(
          "route {}: {} tools from OpenAPI document {}",
          r.name(),
          prepared.tools().size(),
          config.openApiRoutes().get(r.name()).spec());
    }
    for (String gone : hosted.keySet()) {
      if (!out.containsKey(gone)) {
        hosting.remove(gone);
      }
    }
    return out;
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
      if (config.virtualRoutes().containsKey(r.name())) {
        if (virtual.isListening()) {
          out.add(virtual.bind(r));
        }
      } else if (config.hosted().containsKey(r.name())) {
        if (stdio.isListening()) {
          out.add(stdio.bind(r));
        }
      } else if (config.openApiRoutes().containsKey(r.name())) {
        RouteDefinition h = hosted.get(r.name());
        if (h != null && ref == null) {
          out.add(h);
        } else if (h != null && binding != null) {
          out.add(withCredential(h, ref));
        }
      } else if (ref == null) {
        out.add(r);
      } else if (binding != null) {
        out.add(binding.bind(r, ref.project(), ref.name()));
      }
    }
    routes.publish(GatehouseServer.CONFIG_SOURCE, out);
  }

  /**
   * An OpenAPI route that names a connection: its upstream stays the hosted endpoint, the
   * connection's credential policy is added, and the headers that credential is sent in are passed
   * on to the API.
   */
  private RouteDefinition withCredential(RouteDefinition h, GatehouseConfig.ConnectionRef ref) {
    RouteDefinition bound = binding.bind(h, ref.project(), ref.name());
    java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.add("Authorization");
    java.util.Set<String> query = new java.util.TreeSet<>();
    connections
        .find(ref.project(), ref.name())
        .map(io.gatehouse.connect.Connection::auth)
        .filter(io.gatehouse.connect.ConnectionAuth.Key.class::isInstance)
        .map(io.gatehouse.connect.ConnectionAuth.Key.class::cast)
        .ifPresent(
            key -> {
              names.addAll(key.headers().keySet());
              query.addAll(key.query().keySet());
            });
    hosting.forward(h.name(), names, query);
    return new RouteDefinition(
        h.name(), h.upstream(), h.timeouts(), h.source(), bound.policies(), h.project());
  }

  @Override
  public synchronized void close() {
    if (poll != null) {
      poll.shutdownNow();
    }
  }
}
