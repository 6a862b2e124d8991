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
 * anyone else is refused, so a connection's credential is not opened to callers by them. A
 * connection's route is bound again only when the connection changed; at most {@link
 * #MAX_URL_ROUTES} routes to URLs are kept, the least recently used dropped first.
 */
public final class AgentRoutes {
  public static final String SOURCE = "agents";

  /**
   * The source of the routes to servers a user named by URL: the platform's injected headers (which
   * may carry its secrets) are never added to them.
   */
  public static final String URL_SOURCE = "agents-url";

  /** Whether {@code route} is one of the runtime's own. */
  public static boolean isOwn(RouteDefinition route) {
    return SOURCE.equals(route.source()) || URL_SOURCE.equals(route.source());
  }

  /** Binds a route to a connection, as the server binds its configured routes. */
  public interface Binder {
    /**
     * What the connection is now (compared to see whether it changed), or null when the project has
     * no such connection.
     */
    Object version(String project, String connection);

    RouteDefinition bind(RouteDefinition route, String project, String connection);
  }

  /** The most routes to servers named by URL kept at once; the least recently used go first. */
  static final int MAX_URL_ROUTES = 256;

  private final RoutingTable routes;
  private final Binder binder;
  private final Map<String, RouteDefinition> mine = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Object> versions = new java.util.HashMap<>();

  public AgentRoutes(RoutingTable routes, Binder binder) {
    this.routes = routes;
    this.binder = binder;
  }

  /** The route for connection {@code name} of {@code project}, published (again) as it stands. */
  public synchronized String forConnection(String project, String name) {
    String route = connectionRoute(project, name);
    Object version = binder.version(project, name);
    if (version == null) {
      throw new IllegalArgumentException(
          "project '" + project + "' has no connection '" + name + "'");
    }
    if (mine.containsKey(route) && version.equals(versions.get(route))) {
      return route; // bound to the connection as it still is
    }
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
    versions.put(route, version);
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
    if (mine.get(route) != null) {
      return route; // the access marks it recently used
    }
    publish(
        new RouteDefinition(
            route,
            UpstreamDefinition.of(url, UpstreamTransport.AUTO),
            null,
            URL_SOURCE,
            agentOnly(),
            project));
    return route;
  }

  private void publish(RouteDefinition r) {
    if (r.equals(mine.get(r.name()))) {
      return;
    }
    mine.put(r.name(), r);
    long urls = mine.values().stream().filter(d -> URL_SOURCE.equals(d.source())).count();
    var eldest = mine.entrySet().iterator();
    while (urls > MAX_URL_ROUTES && eldest.hasNext()) {
      var e = eldest.next();
      if (URL_SOURCE.equals(e.getValue().source()) && !e.getKey().equals(r.name())) {
        eldest.remove();
        urls--;
      }
    }
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

  /** Lets through only the runtime's own sealed calls, and sets their headers upstream. */
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

    /** The request's per-response headers (and authorization) toward this route's upstream. */
    @Override
    public void onUpstreamRequest(
        McpExchange exchange, io.gatehouse.gateway.UpstreamCall upstream) {
      AgentCall call = exchange.attr(AgentCallPolicy.CALL);
      if (call != null) {
        call.headers().forEach((name, value) -> upstream.setHeader(name, value.reveal()));
      }
    }

    @Override
    public boolean readsResponses(McpExchange exchange) {
      return false;
    }
  }
}
