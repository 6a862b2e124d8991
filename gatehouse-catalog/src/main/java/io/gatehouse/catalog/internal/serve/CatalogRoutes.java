package io.gatehouse.catalog.internal.serve;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.CatalogAccess;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.DeploymentConnections;
import io.gatehouse.catalog.DeploymentHosting;
import io.gatehouse.catalog.DeploymentStatus;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.internal.AccessRuleRows;
import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.DeploymentRows;
import io.gatehouse.catalog.internal.HostedPackages;
import io.gatehouse.catalog.internal.RevisionRows;
import io.gatehouse.catalog.internal.VersionRows;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.RouteTimeouts;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway's {@code catalog} routes equal to the deployments in the store. It republishes
 * right after this process changes them, and polls the catalog revision so changes by other
 * replicas or by {@code gatehouse catalog import} arrive within a poll interval (and the routing
 * table, so a route the configuration file takes or frees is noticed too). A deployment that names
 * a connection is bound to it as the connection is now; the process republishes when connections
 * change. The gateway's request path never reads the store: it only sees the published snapshot.
 */
public final class CatalogRoutes implements AutoCloseable {
  public static final String SOURCE = "catalog";
  private static final String ROUTE_TAKEN = "ROUTE_TAKEN";

  /** A stdio deployment's upstream until hosting binds it to its endpoint (never published). */
  private static final java.net.URI UNBOUND = java.net.URI.create("http://127.0.0.1:9/");

  private static final Logger log = LoggerFactory.getLogger(CatalogRoutes.class);

  private final CatalogContext ctx;
  private final RoutingTable table;
  private final CatalogAccess access;
  private final Runnable afterRefresh;
  private final Supplier<DeploymentConnections> connections;
  private final Supplier<DeploymentHosting> hosting;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("gatehouse-catalog-poll").factory());
  private long published = -1;
  private volatile long snapshotVersion = -1;

  /**
   * @param connections the connections deployments may name, or null while there are none yet
   * @param hosting what runs the deployments of transport stdio, or null while nothing does
   */
  public CatalogRoutes(
      CatalogContext ctx,
      RoutingTable table,
      CatalogAccess access,
      Supplier<DeploymentConnections> connections,
      Supplier<DeploymentHosting> hosting,
      Runnable afterRefresh) {
    this.ctx = ctx;
    this.table = table;
    this.access = access;
    this.connections = connections;
    this.hosting = hosting;
    this.afterRefresh = afterRefresh;
  }

  public void start(Duration poll) {
    refresh();
    timer.scheduleWithFixedDelay(
        this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether {@code route} is served by another source (the configuration file). */
  public boolean takenElsewhere(String route) {
    RouteDefinition r = table.current().route(route);
    return r != null && !SOURCE.equals(r.source());
  }

  private void poll() {
    try {
      // Also when another source (the configuration file) published since, as it may have taken or
      // freed a route.
      if (table.current().version() != snapshotVersion
          || ctx.db().read(RevisionRows::current) != published) {
        refresh();
      }
    } catch (RuntimeException e) {
      log.warn(
          "catalog: checking for changes failed ({}); the gateway keeps its current routes",
          e.toString());
    }
  }

  /**
   * Publishes the store's deployments as routes, then discovers the tools of any that wait for it.
   * A deployment whose version has access rules is guarded: only the principals a {@code use} rule
   * names (and tool discovery) may call it.
   */
  public synchronized void refresh() {
    long revision = ctx.db().read(RevisionRows::current);
    List<Deployment> served = ctx.db().read(DeploymentRows::served);
    Map<VersionRef, List<AccessRule>> rules =
        ctx.db().read(AccessRuleRows::all).stream()
            .collect(Collectors.groupingBy(AccessRule::version));
    List<RouteDefinition> routes = new ArrayList<>();
    List<DeploymentHosting.Hosted> hosted = new ArrayList<>();
    for (Deployment d : served) {
      if (takenElsewhere(d.route())) {
        conflict(d);
        continue;
      }
      if (isConflicted(d)) {
        // The configuration file gave the route up: serve it and discover the tools that were never
        // listed.
        status(d, DeploymentStatus.PENDING, null, null);
      }
      RouteDefinition route = route(d, rules.getOrDefault(d.version(), List.of()));
      if (d.hosted() != null) {
        hosted(d, route).ifPresent(hosted::add);
      } else if (route != null) {
        routes.add(route);
      }
    }
    DeploymentHosting h = hosting.get();
    if (h != null) {
      routes.addAll(h.host(hosted).values());
    } else if (!hosted.isEmpty()) {
      log.warn("catalog: {} stdio deployments wait for hosting to start", hosted.size());
    }
    try {
      snapshotVersion = table.publish(SOURCE, routes).version();
      published = revision;
    } catch (IllegalArgumentException raced) {
      log.warn(
          "catalog: publishing routes raced with a configuration reload ({}); retrying at the next poll",
          raced.getMessage());
      return;
    }
    afterRefresh.run();
  }

  /**
   * The deployment's route; one that names a connection takes the connection's current upstream and
   * credential, and is not served until the connections are bound (null).
   */
  private RouteDefinition route(Deployment d, List<AccessRule> rules) {
    RouteDefinition own =
        new RouteDefinition(
            d.route(),
            new UpstreamDefinition(
                d.hosted() == null ? d.upstreamUrl() : UNBOUND, transport(d), null),
            RouteTimeouts.DEFAULT,
            SOURCE,
            policies(d, rules),
            d.project());
    if (d.connection() == null) {
      return own;
    }
    DeploymentConnections c = connections.get();
    return c == null ? null : c.bind(own, d.project(), d.connection());
  }

  /** A stdio deployment with the package it runs; empty (and logged) when its version lost it. */
  private java.util.Optional<DeploymentHosting.Hosted> hosted(Deployment d, RouteDefinition route) {
    if (!(d.hosted() instanceof io.gatehouse.catalog.HostedPackage p)) {
      return java.util.Optional.of(new DeploymentHosting.Hosted(route, null, d.hosted()));
    }
    java.util.Optional<tools.jackson.databind.JsonNode> pkg =
        ctx.db()
            .read(tx -> VersionRows.find(tx, d.version()))
            .flatMap(v -> HostedPackages.find(v, p));
    if (pkg.isEmpty()) {
      log.warn(
          "catalog: deployment {} runs package '{}', which {} does not list; not served",
          d.id(),
          p.identifier(),
          d.version());
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new DeploymentHosting.Hosted(route, pkg.get(), p));
  }

  private RoutePolicies policies(Deployment d, List<AccessRule> rules) {
    if (rules.isEmpty()) {
      return RoutePolicies.NONE;
    }
    Set<String> users = new TreeSet<>();
    users.add(access.discoveryCaller());
    rules.stream()
        .filter(r -> r.actions().contains(AccessRule.Action.USE))
        .forEach(r -> users.add(r.principal()));
    return access.guard(d, users);
  }

  private static UpstreamTransport transport(Deployment d) {
    return switch (d.transport()) {
      case STREAMABLE_HTTP -> UpstreamTransport.STREAMABLE_HTTP;
      case SSE -> UpstreamTransport.SSE;
      case AUTO -> UpstreamTransport.AUTO;
      // bound to its hosted endpoint by DeploymentHosting before it is published
      case STDIO, OPENAPI -> UpstreamTransport.STREAMABLE_HTTP;
    };
  }

  private void conflict(Deployment d) {
    if (!isConflicted(d)) {
      log.warn(
          "catalog: deployment {} wants route '{}', which the configuration file serves; not published",
          d.id(),
          d.route());
      status(
          d,
          DeploymentStatus.FAILED,
          ROUTE_TAKEN,
          "route '"
              + d.route()
              + "' is served from the configuration file;"
              + " delete this deployment and create it with another route, or remove the route from the file");
    }
  }

  private static boolean isConflicted(Deployment d) {
    return d.status() == DeploymentStatus.FAILED && ROUTE_TAKEN.equals(d.errorCode());
  }

  private void status(Deployment d, DeploymentStatus status, String code, String message) {
    ctx.db()
        .write(
            tx -> {
              DeploymentRows.status(tx, d.id(), status, code, message, ctx.now());
              return null;
            });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
