package io.gatehouse.server;

import io.gatehouse.catalog.DeploymentHosting;
import io.gatehouse.catalog.HostedApi;
import io.gatehouse.catalog.HostedPackage;
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
import io.gatehouse.hosting.NpmPackage;
import io.gatehouse.hosting.StdioHosting;
import io.gatehouse.hosting.StdioServer;
import io.gatehouse.hosting.openapi.OpenApiHosting;
import io.gatehouse.hosting.openapi.OpenApiRoute;
import io.gatehouse.hosting.openapi.Selection;
import io.gatehouse.http.HttpService;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.UpstreamSecrets;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The stdio servers of the configuration's routes and of the catalog's stdio deployments, hosted on
 * this process's own edge: a route with {@code upstream.transport: stdio} is published pointing at
 * its hosted endpoint (with the key in a header) once the edge listens.
 */
final class HostingPart implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostingPart.class);
  private final StdioHosting hosting;
  private volatile URI base;
  private Map<String, StdioHosting.Hosted> fromConfig = Map.of();
  private Map<String, StdioHosting.Hosted> fromCatalog = Map.of();

  private final Path dataDir;
  private final java.util.Set<String> catalogApis = new java.util.HashSet<>();

  HostingPart(Path dataDir, SecretValues secrets) {
    this.dataDir = dataDir;
    this.hosting = new StdioHosting(dataDir, values(secrets));
  }

  HttpService service() {
    return hosting.service();
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

  /**
   * Runs the catalog's stdio deployments: each package's command line ({@code npx -y
   * identifier@version ...}, {@link NpmPackage}), a process per session, env secrets from the
   * deployment's project.
   */
  DeploymentHosting catalogHosting(OpenApiHosting openApi) {
    return new DeploymentHosting() {
      @Override
      public Map<String, RouteDefinition> host(List<DeploymentHosting.Hosted> deployments) {
        Map<String, RouteDefinition> out = hostPackages(deployments);
        out.putAll(hostApis(openApi, deployments));
        return out;
      }

      @Override
      public URI checkApi(String route, HostedApi api) {
        return HostingPart.this.checkApi(openApi, route, api);
      }
    };
  }

  /**
   * Serves the catalog's OpenAPI deployments (each document kept in a file of its own under {@code
   * <data-dir>/openapi-deployments/}) and stops serving those that are gone.
   */
  private synchronized Map<String, RouteDefinition> hostApis(
      OpenApiHosting openApi, List<DeploymentHosting.Hosted> deployments) {
    Map<String, RouteDefinition> out = new java.util.HashMap<>();
    if (!isListening()) {
      return out;
    }
    java.util.Set<String> now = new java.util.HashSet<>();
    for (DeploymentHosting.Hosted d : deployments) {
      if (!(d.settings() instanceof HostedApi api)) {
        continue;
      }
      String name = d.route().name();
      try {
        openApi.serve(openApi.prepare(apiRoute(name, api, document(name, api, false))));
        now.add(name);
        out.put(
            name,
            new RouteDefinition(
                name,
                new UpstreamDefinition(
                    OpenApiHosting.upstreamUrl(base, name),
                    UpstreamTransport.STREAMABLE_HTTP,
                    openApi.upstreamHeaders()),
                d.route().timeouts(),
                d.route().source(),
                d.route().policies(),
                d.route().project()));
      } catch (GatehouseException | java.io.IOException e) {
        log.warn(
            "catalog route {}: its OpenAPI document cannot be served: {}", name, e.getMessage());
      }
    }
    for (String gone : catalogApis) {
      if (!now.contains(gone)) {
        openApi.remove(gone);
      }
    }
    catalogApis.clear();
    catalogApis.addAll(now);
    return out;
  }

  /** Reads {@code api}'s document as a whole, as it would be served; where the API is called. */
  private URI checkApi(OpenApiHosting openApi, String route, HostedApi api) {
    Path file;
    try {
      file = document(route, api, true);
    } catch (java.io.IOException e) {
      throw new GatehouseException(
          io.gatehouse.core.Errors.INTERNAL_ERROR, "cannot keep the document: " + e.getMessage());
    }
    try {
      openApi.prepare(apiRoute(route, api, file));
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (java.io.IOException e) {
        // a temp file left behind
      }
    }
    return api.baseUrl() != null
        ? api.baseUrl()
        : URI.create(api.document().path("servers").path(0).path("url").asString());
  }

  private Path document(String route, HostedApi api, boolean temp) throws java.io.IOException {
    Path dir = java.nio.file.Files.createDirectories(dataDir.resolve("openapi-deployments"));
    Path file =
        temp
            ? java.nio.file.Files.createTempFile(dir, route + "-", ".check.json")
            : dir.resolve(route + ".json");
    java.nio.file.Files.write(
        file, tools.jackson.databind.json.JsonMapper.shared().writeValueAsBytes(api.document()));
    return file;
  }

  private static OpenApiRoute apiRoute(String route, HostedApi api, Path file) {
    return OpenApiRoute.of(route, file.toString())
        .withBaseUrl(api.baseUrl())
        .withSelection(
            new Selection(api.include().tags(), api.include().operations()),
            new Selection(api.exclude().tags(), api.exclude().operations()));
  }

  /** Runs the catalog's npm stdio deployments (the others are left to {@link #hostApis}). */
  private Map<String, RouteDefinition> hostPackages(List<DeploymentHosting.Hosted> deployments) {
    Map<String, StdioHosting.Hosted> next = new java.util.HashMap<>();
    Map<String, RouteDefinition> out = new java.util.HashMap<>();
    if (!isListening()) {
      return out;
    }
    for (DeploymentHosting.Hosted d : deployments) {
      if (!(d.settings() instanceof HostedPackage settings)) {
        continue;
      }
      String name = d.route().name();
      try {
        String cwd = settings.cwd();
        if (cwd != null && !java.nio.file.Files.isDirectory(Path.of(cwd))) {
          throw new IllegalArgumentException("cwd: '" + cwd + "' is not a directory");
        }
        StdioServer server =
            NpmPackage.launch(d.pkg(), settings.env(), cwd == null ? null : Path.of(cwd));
        next.put(name, new StdioHosting.Hosted(d.route().project(), server));
        out.put(name, bind(d.route()));
      } catch (IllegalArgumentException e) {
        log.warn("catalog route {}: its package cannot be run: {}", name, e.getMessage());
      }
    }
    synchronized (this) {
      fromCatalog = next;
      apply();
    }
    return out;
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
