package io.gatehouse.server;

import io.gatehouse.catalog.DeploymentConnections;
import io.gatehouse.catalog.DeploymentTransport;
import io.gatehouse.connect.ConnectErrors;
import io.gatehouse.connect.Connection;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.ErrorKey;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a route to a connection, for the configuration file's routes and the catalog's deployments
 * alike: the route takes the connection's current URL, transport and TLS options, and its
 * credential policy runs in {@link Phase#INJECT_CREDENTIALS}, after the route's own policies. A
 * route whose connection does not exist answers {@code CONNECTION_NOT_FOUND} and reaches nothing.
 */
final class ConnectionBinding implements DeploymentConnections {
  private record Bound(RouteDefinition route, String project, String name) {}

  private final Connections connections;
  private final Map<String, Bound> bound = new ConcurrentHashMap<>();

  ConnectionBinding(Connections connections) {
    this.connections = connections;
  }

  @Override
  public Optional<Upstream> find(String project, String name) {
    return connections
        .find(project, name)
        .map(
            c -> new Upstream(c.url(), DeploymentTransport.fromConfig(c.transport().configName())));
  }

  @Override
  public RouteDefinition bind(RouteDefinition r, String project, String name) {
    RouteDefinition route = bindTo(r, project, name);
    bound.put(route.name(), new Bound(route, project, name));
    return route;
  }

  /**
   * The routes {@code routes} publishes as bound here to connection {@code name} of {@code
   * project}: a route bound before and since replaced (by another connection, or none) is not among
   * them.
   */
  List<String> routesNaming(RoutingTable routes, String project, String name) {
    return bound.values().stream()
        .filter(b -> b.project().equals(project) && b.name().equals(name))
        .filter(b -> routes.published(b.route().name()) == b.route())
        .map(b -> b.route().name())
        .toList();
  }

  private RouteDefinition bindTo(RouteDefinition r, String project, String name) {
    Connection c = connections.find(project, name).orElse(null);
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>(r.policies().in(p)));
    }
    List<McpPolicy> inject = byPhase.get(Phase.INJECT_CREDENTIALS);
    if (c == null) {
      inject.add(new Missing(project, name));
      return r.withPolicies(RoutePolicies.of(byPhase));
    }
    McpPolicy credential = connections.credentials().policy(c);
    if (credential != null) {
      inject.add(credential);
    }
    UpstreamTls tls = null;
    UpstreamProxy proxy = null;
    try {
      tls = connections.credentials().tls(c);
      proxy = connections.credentials().proxy(c);
    } catch (McpFailure e) {
      inject.add(new Refusal(e.error(), e.getMessage()));
    }
    return new RouteDefinition(
        r.name(),
        new UpstreamDefinition(c.url(), c.transport(), Map.of(), tls, proxy),
        r.timeouts(),
        r.source(),
        RoutePolicies.of(byPhase),
        r.project());
  }

  /** Refuses every request of a route whose connection cannot be used as it stands. */
  private record Refusal(ErrorKey key, String message) implements McpPolicy {
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
  private record Missing(String project, String name) implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange exchange) {
      return Verdict.refuse(
          ConnectErrors.CONNECTION_NOT_FOUND,
          "route '"
              + exchange.route().name()
              + "' names connection '"
              + name
              + "', which project '"
              + project
              + "' does not have");
    }

    @Override
    public boolean readsResponses(McpExchange exchange) {
      return false;
    }
  }
}
