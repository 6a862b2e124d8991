package io.gatehouse.server;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.hosting.EnvValues;
import io.gatehouse.hosting.HostingErrors;
import io.gatehouse.hosting.StdioHosting;
import io.gatehouse.http.HttpService;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.UpstreamSecrets;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The stdio servers of the configuration's routes and of the catalog's stdio deployments ({@link
 * CatalogHosting}), hosted on this process's own edge: a route with {@code upstream.transport:
 * stdio} is published pointing at its hosted endpoint (with the key in a header) once the edge
 * listens.
 */
final class HostingPart implements AutoCloseable {
  private final StdioHosting hosting;
  private volatile URI base;
  private Map<String, StdioHosting.Hosted> fromConfig = Map.of();
  private Map<String, StdioHosting.Hosted> fromCatalog = Map.of();

  private final Path dataDir;

  HostingPart(Path dataDir, SecretValues secrets, io.gatehouse.cluster.Peers peers) {
    this.dataDir = dataDir;
    this.hosting = new StdioHosting(dataDir, values(secrets), peers);
  }

  HttpService service() {
    return hosting.service();
  }

  /** What the peer port serves: the sessions of this replica, for the replicas that forward. */
  HttpService peerService() {
    return hosting.peerService();
  }

  /** The edge listens at {@code url}: hosted routes can be published from now on. */
  void listening(URI url) {
    this.base = url;
  }

  boolean isListening() {
    return base != null;
  }

  /** The configuration's stdio routes: these, and the catalog's, run from now on. */
  synchronized void configure(Map<String, StdioHosting.Hosted> routes) {
    fromConfig = Map.copyOf(routes);
    apply();
  }

  private void apply() {
    Map<String, StdioHosting.Hosted> all = new java.util.HashMap<>(fromCatalog);
    all.putAll(fromConfig); // the catalog never publishes a route the file serves
    hosting.configure(all);
  }

  /** The catalog's stdio deployments: these, and the configuration's, run from now on. */
  synchronized void configureCatalog(Map<String, StdioHosting.Hosted> routes) {
    fromCatalog = Map.copyOf(routes);
    apply();
  }

  /** Where the edge listens, or null before it does. */
  URI base() {
    return base;
  }

  Path dataDir() {
    return dataDir;
  }

  /**
   * {@code r} pointing at its hosted endpoint, the key among its upstream headers, and the caller's
   * principal named on every upstream request (so a shared process is one per principal).
   */
  RouteDefinition bind(RouteDefinition r) {
    return new RouteDefinition(
        r.name(),
        new UpstreamDefinition(
            StdioHosting.url(base, r.name()), UpstreamTransport.STREAMABLE_HTTP, hosting.headers()),
        r.timeouts(),
        r.source(),
        r.policies().plus(RoutePolicies.of(Phase.INJECT_CREDENTIALS, new NamePrincipal())),
        r.project());
  }

  /**
   * Names the caller to the bridge in {@link StdioHosting#PRINCIPAL_HEADER}: its principal id,
   * percent-encoded (a header carries ASCII only), empty when anonymous. A record, so a reload that
   * changes nothing leaves the route equal.
   */
  record NamePrincipal() implements McpPolicy {
    @Override
    public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
      call.setHeader(
          StdioHosting.PRINCIPAL_HEADER,
          URLEncoder.encode(exchange.principalId(), StandardCharsets.UTF_8));
    }
  }

  StdioHosting hosting() {
    return hosting;
  }

  /** Env values with their {@code ${secret:NAME}} read from the vault when a process starts. */
  private static EnvValues values(SecretValues secrets) {
    return (project, value) -> {
      Matcher m = UpstreamSecrets.REFERENCE.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        // read afresh: a process start is rare, and should see a secret stored a moment ago
        secrets.load(project, m.group(1));
        SecretValues.Lookup l = secrets.lookup(project, m.group(1));
        String why =
            switch (l) {
              case SecretValues.Ready r -> null;
              case SecretValues.Missing x -> x.reason();
              case SecretValues.Unavailable x -> x.reason();
              case SecretValues.NeedsLoad x -> "secret '" + m.group(1) + "' could not be loaded";
            };
        if (why != null) {
          throw new GatehouseException(
              HostingErrors.SECRET_UNAVAILABLE, "HOSTED_SECRET_UNAVAILABLE: " + why);
        }
        m.appendReplacement(
            out, Matcher.quoteReplacement(((SecretValues.Ready) l).value().reveal()));
      }
      m.appendTail(out);
      return out.toString();
    };
  }

  @Override
  public void close() {
    hosting.close();
  }
}
