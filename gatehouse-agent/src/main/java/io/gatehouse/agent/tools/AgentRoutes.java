package io.gatehouse.agent.tools;

import io.gatehouse.core.Errors;
import io.gatehouse.core.RouteName;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routes the runtime publishes for itself (source {@code agents}), so that tools reached
 * through a connection or another server's URL go through the gateway like any route: one per
 * connection ({@code agent--<project>--<connection>}), bound to the connection as a configured
 * route would be, and one per other server's URL ({@code agent--url-<digest>}), unauthenticated and
 * under the egress rules. Only the runtime's sealed calls get through them ({@link AgentOnly}):
 * anyone else is refused, so a connection's credential is not opened to callers by them.
 */
public final class AgentRoutes {
  public static final String SOURCE = "agents";

  /** Binds a route to a connection, as the server binds its configured routes. */
  @FunctionalInterface
  public interface Binder {
    RouteDefinition bind(RouteDefinition route, String project, String connection);
  }

  private final RoutingTable routes;
  private final Binder binder;
  private final Map<String, RouteDefinition> mine = new LinkedHashMap<>();

  public AgentRoutes(RoutingTable routes, Binder binder) {
    this.routes = routes;
    this.binder = binder;
  }

  /** The route for connection {@code name} of {@code project}, published (again) as it stands. */
  public synchronized String forConnection(String project, String name) {
    String route = connectionRoute(project, name);
    RouteDefinition r =
        binder.bind(
            new RouteDefinition(
                route,
                UpstreamDefinition.of(
                    URI.create("http://127.0.0.1:9/unbound"), UpstreamTransport.AUTO),
                null,
                SOURCE,
                agentOnly(),
                project),
            project,
            name);
    publish(r);
    return route;
  }

  /** The name of the runtime's route for connection {@code name} of {@code project}. */
  public static String connectionRoute(String project, String name) {
    return name("agent--" + project + "--" + name, project + "/" + name);
  }

  /** The route for another MCP server at {@code url}, for callers of {@code project}. */
  public synchronized String forUrl(String project, URI url) {
    String route = "agent--url-" + digest(project + " " + url).substring(0, 20);
    publish(
        new RouteDefinition(
            route,
            UpstreamDefinition.of(url, UpstreamTransport.AUTO),
            null,
            SOURCE,
            agentOnly(),
            project));
    return route;
  }

  private void publish(RouteDefinition r) {
    if (r.equals(mine.get(r.name()))) {
      return;
    }
    mine.put(r.name(), r);
    routes.publish(SOURCE, mine.values());
  }

  private static RoutePolicies agentOnly() {
    return RoutePolicies.of(Phase.AUTHENTICATE, new AgentOnly());
  }

  private static String name(String wanted, String key) {
    return RouteName.isValid(wanted) ? wanted : "agent--" + digest(key).substring(0, 24);
  }

  private static String digest(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lets through only the runtime's own sealed calls. */
  record AgentOnly() implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange exchange) {
      if (exchange.attr(AgentCallPolicy.CALL) != null) {
        return Verdict.PROCEED;
      }
      return Verdict.refuse(
          Errors.FORBIDDEN,
          "route '" + exchange.route().name() + "' serves the agent runtime only");
    }

    @Override
    public boolean readsResponses(McpExchange exchange) {
      return false;
    }
  }
}
