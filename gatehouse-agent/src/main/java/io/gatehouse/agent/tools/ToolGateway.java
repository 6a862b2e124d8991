package io.gatehouse.agent.tools;

import io.gatehouse.agent.wire.McpToolSpec;
import io.gatehouse.connect.McpClient;
import io.gatehouse.core.Principal;
import io.gatehouse.core.RouteName;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.RoutingTable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Opens the runtime's tool sessions through Gatehouse's own gateway. An mcp tool reaches: a route
 * of this Gatehouse (by {@code route}, or a {@code server_url} of this Gatehouse's {@code
 * /mcp/NAME}), a connection of the project ({@code project_connection_id}, which wins over {@code
 * server_url}), or another server's URL (an implicit unauthenticated connection, under the egress
 * rules). Every session goes to the loopback listener with a sealed {@link AgentCall}.
 */
public final class ToolGateway {
  private final RoutingTable routes;
  private final AgentRoutes agentRoutes;
  private final AgentCallSeal seal;
  private final Supplier<URI> listener;
  private final Supplier<List<URI>> ownUrls;
  private static final String PRIVATE_HINT =
      " (a server on this network is reached through a route or a connection;"
          + " responses.allow-private-urls lets requests name private addresses)";

  private final Egress urlEgress;
  private final Duration callTimeout;
  private final Duration sessionLife;
  private final Clock clock;

  /**
   * @param listener the base URL of this process's own listener (loopback)
   * @param ownUrls the base URLs this Gatehouse is known by (its public URL, its listener), to
   *     recognise a {@code server_url} of its own routes
   * @param urlEgress which addresses a request's {@code server_url} of another server may name
   *     (checked here, before its route exists; the gateway checks its own rules again)
   * @param callTimeout how long one tool call may take
   * @param sessionLife how long a response's sealed calls work (its time limit)
   */
  public ToolGateway(
      RoutingTable routes,
      AgentRoutes agentRoutes,
      AgentCallSeal seal,
      Supplier<URI> listener,
      Supplier<List<URI>> ownUrls,
      Egress urlEgress,
      Duration callTimeout,
      Duration sessionLife,
      Clock clock) {
    this.routes = routes;
    this.agentRoutes = agentRoutes;
    this.seal = seal;
    this.listener = listener;
    this.ownUrls = ownUrls;
    this.urlEgress = urlEgress;
    this.callTimeout = callTimeout;
    this.sessionLife = sessionLife;
    this.clock = clock;
  }

  /**
   * The agent the calls are made for.
   *
   * @param credential the user's own credential, which each route checks
   * @param address where the user called from, or null
   * @param project the agent's project (the response's project for an ad-hoc response)
   * @param name a stored agent's name, or null
   * @param published whether it is published
   */
  public record Caller(
      Principal user,
      Secret credential,
      String address,
      String project,
      String name,
      boolean published) {
    @Override
    public String toString() {
      return "Caller[" + user.id() + ", agent " + name + "]";
    }

    /** The same user and credential, for agent {@code name} of the project. */
    public Caller as(String name, boolean published) {
      return new Caller(user, credential, address, project, name, published);
    }
  }

  /** A session for {@code tool}, not yet opened. */
  public ToolServer open(McpToolSpec tool, Caller caller) {
    String route;
    try {
      route = route(tool, caller.project());
    } catch (IllegalArgumentException e) {
      return new ToolServer(e.getMessage());
    }
    Map<String, Secret> headers = new LinkedHashMap<>(tool.headers());
    if (tool.authorization() != null) {
      headers.put("Authorization", Secret.of("Bearer " + tool.authorization().reveal()));
    }
    String r = route;
    URI endpoint = URI.create(listener.get().toString().replaceAll("/+$", "") + "/mcp/" + route);
    return new ToolServer(
        route,
        endpoint,
        () -> {
          AgentCall call =
              new AgentCall(
                  caller.user(),
                  caller.credential(),
                  caller.address(),
                  r,
                  caller.name() == null ? null : caller.project(),
                  caller.name(),
                  caller.published(),
                  headers,
                  clock.instant().plus(sessionLife));
          return new McpClient.Options(
              callTimeout, Map.of(AgentCallSeal.HEADER, seal.seal(call).reveal()), Map.of());
        });
  }

  private String route(McpToolSpec tool, String project) {
    if (tool.connection() != null) {
      return agentRoutes.forConnection(project, tool.connection());
    }
    if (tool.route() != null) {
      return existing(tool.route());
    }
    URI url;
    try {
      url = URI.create(tool.serverUrl());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("server_url '" + tool.serverUrl() + "' is not a URL");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
        || url.getHost() == null) {
      throw new IllegalArgumentException("server_url '" + tool.serverUrl() + "': an http(s) URL");
    }
    if (url.getUserInfo() != null) {
      throw new IllegalArgumentException("server_url: no credentials in the URL; use headers");
    }
    String own = ownRoute(url);
    if (own != null) {
      return existing(own);
    }
    checkEgress(url);
    return agentRoutes.forUrl(project, url);
  }

  /** Refuses a URL whose host is, or resolves to, an address {@code urlEgress} refuses. */
  private void checkEgress(URI url) {
    try {
      urlEgress.checkLiteral("server_url", url);
      for (java.net.InetAddress a : urlEgress.resolve(url.getHost())) {
        String why = urlEgress.refusal(a);
        if (why != null) {
          throw new IllegalArgumentException(
              "server_url '" + url + "' is refused: " + why + PRIVATE_HINT);
        }
      }
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("server_url '" + url + "': the host is not known");
    } catch (io.gatehouse.core.GatehouseException e) {
      throw new IllegalArgumentException(e.getMessage() + PRIVATE_HINT);
    }
  }

  private String existing(String route) {
    if (!RouteName.isValid(route) || routes.current().route(route) == null) {
      throw new IllegalArgumentException("route '" + route + "' does not exist on this Gatehouse");
    }
    if (route.startsWith("agent--")) {
      throw new IllegalArgumentException("route '" + route + "' is the runtime's own");
    }
    return route;
  }

  /** The route a URL of this Gatehouse names ({@code <base>/mcp/NAME}), or null. */
  private String ownRoute(URI url) {
    for (URI base : ownUrls.get()) {
      if (base == null || !same(base, url)) {
        continue;
      }
      String prefix =
          (base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "")) + "/mcp/";
      String path = url.getPath() == null ? "" : url.getPath();
      if (path.startsWith(prefix)) {
        String rest = path.substring(prefix.length()).replaceAll("/+$", "");
        return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
      }
    }
    return null;
  }

  private static boolean same(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }
}
