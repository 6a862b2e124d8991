package io.gatehouse.server;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.policy.ApiKeyFormat;
import io.gatehouse.policy.ApiKeys;
import io.gatehouse.policy.AuthMethod;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.JwtVerifier;
import io.gatehouse.policy.ResourceUrls;
import io.gatehouse.selfmcp.AdminGate;
import io.gatehouse.selfmcp.SelfServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gatehouse's own MCP server in the assembly: the built-in route {@code gatehouse} (API keys of any
 * project's consumers, and tokens of the top-level {@code auth.jwt}), whose upstream is the self
 * server's internal endpoint, and the gate through which each of its tools is an admin API request
 * of the caller, served in process by the same services as {@code /admin/v1} (decision 24).
 */
final class SelfPart {
  static final String SOURCE = "self";

  private final CatalogPart catalog;
  private final SelfServer server;

  SelfPart(CatalogPart catalog) {
    this.catalog = catalog;
    this.server = new SelfServer(this::call, Main.version().replace("gatehouse ", ""));
  }

  HttpService service() {
    return server.service();
  }

  /** The route, its upstream this process's edge at {@code base}. */
  RouteDefinition route(URI base, ApiKeys keys, JwtVerifier jwt, ResourceUrls resources) {
    InboundAuth inbound =
        new InboundAuth(
            jwt == null
                ? EnumSet.of(AuthMethod.API_KEY)
                : EnumSet.of(AuthMethod.API_KEY, AuthMethod.JWT),
            keys,
            jwt,
            resources,
            Principal.DEFAULT_PROJECT);
    return new RouteDefinition(
        SelfServer.ROUTE,
        UpstreamDefinition.of(SelfServer.upstreamUrl(base), UpstreamTransport.STREAMABLE_HTTP),
        null,
        SOURCE,
        RoutePolicies.of(
            Map.<Phase, List<McpPolicy>>of(
                Phase.AUTHENTICATE,
                List.of(new AnyProjectKeys(keys, inbound)),
                Phase.INJECT_CREDENTIALS,
                List.of(server.callerPolicy()))),
        Principal.DEFAULT_PROJECT);
  }

  private AdminGate.Answer call(
      Principal caller, String method, String path, String query, byte[] body) {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    HttpResponse r =
        catalog.serveAs(
            caller,
            ticket ->
                new HttpRequest(
                    method,
                    path,
                    query,
                    name ->
                        switch (name.toLowerCase(Locale.ROOT)) {
                          case "authorization" -> List.of("Bearer " + ticket);
                          case "content-type" ->
                              body == null ? List.of() : List.of("application/json");
                          default -> List.of();
                        },
                    body,
                    loopback));
    return new AdminGate.Answer(r.status(), r.body());
  }

  /**
   * The route's authentication: the self server manages every project, so the API key of any
   * project's consumer is taken (a route of project {@code default} would take only that
   * project's); anything else (tokens, bad keys, keys scoped to other routes, no credential) is
   * decided by the route's {@link InboundAuth}, with its challenges.
   */
  record AnyProjectKeys(ApiKeys keys, InboundAuth inbound) implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange exchange) {
      String credential = credential(exchange);
      if (credential != null
          && credential.startsWith(ApiKeyFormat.PREFIX)
          && keys.check(credential, exchange.route().name()) instanceof ApiKeys.Valid v) {
        exchange.authenticated(v.principal());
        return Verdict.PROCEED;
      }
      return inbound.onRequest(exchange);
    }

    @Override
    public boolean readsResponses(McpExchange exchange) {
      return false;
    }

    private static String credential(McpExchange exchange) {
      Secret forwarded = exchange.attr(InboundAuth.FORWARDED_CREDENTIAL);
      if (forwarded != null) {
        return forwarded.reveal();
      }
      String key = exchange.header("X-API-Key");
      if (key != null && !key.isBlank()) {
        return key.trim();
      }
      String auth = exchange.header("Authorization");
      return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
          ? auth.substring(7).trim()
          : null;
    }
  }
}
