package io.gatehouse.server;

import io.gatehouse.catalog.DeploymentHosting;
import io.gatehouse.catalog.HostedApi;
import io.gatehouse.catalog.HostedPackage;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.hosting.NpmPackage;
import io.gatehouse.hosting.StdioHosting;
import io.gatehouse.hosting.StdioServer;
import io.gatehouse.hosting.openapi.OpenApiHosting;
import io.gatehouse.hosting.openapi.OpenApiRoute;
import io.gatehouse.hosting.openapi.Selection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's deployments whose upstream Gatehouse provides: npm stdio packages run by the stdio
 * hosting ({@code npx -y identifier@version ...}, {@link NpmPackage}; a process per session, env
 * secrets from the deployment's project), and uploaded OpenAPI documents served by the OpenAPI
 * hosting (each kept in a file of its own under {@code <data-dir>/openapi-deployments/}).
 */
final class CatalogHosting implements DeploymentHosting {
  private static final Logger log = LoggerFactory.getLogger(CatalogHosting.class);

  private final HostingPart stdio;
  private final OpenApiHosting openApi;
  private final Set<String> apis = new HashSet<>();

  CatalogHosting(HostingPart stdio, OpenApiHosting openApi) {
    this.stdio = stdio;
    this.openApi = openApi;
  }

  @Override
  public synchronized Map<String, RouteDefinition> host(List<Hosted> deployments) {
    Map<String, RouteDefinition> out = new HashMap<>();
    if (!stdio.isListening()) {
      return out;
    }
    out.putAll(packages(deployments));
    out.putAll(apis(deployments));
    return out;
  }

  @Override
  public URI checkApi(String route, HostedApi api) {
    Path file;
    try {
      file = document(route, api, true);
    } catch (IOException e) {
      throw new GatehouseException(
          Errors.INTERNAL_ERROR, "cannot keep the document: " + e.getMessage());
    }
    try {
      openApi.prepare(apiRoute(route, api, file));
    } catch (GatehouseException e) {
      // the caller uploaded a document, not a file: name it as they sent it
      throw new GatehouseException(
          e.error(), e.getMessage().replace(file.toString(), "upstream.document"));
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.debug("catalog route {}: {} left behind ({})", route, file, e.toString());
      }
    }
    return api.baseUrl() != null
        ? api.baseUrl()
        : URI.create(api.document().path("servers").path(0).path("url").asString());
  }

  private Map<String, RouteDefinition> packages(List<Hosted> deployments) {
    Map<String, StdioHosting.Hosted> next = new HashMap<>();
    Map<String, RouteDefinition> out = new HashMap<>();
    for (Hosted d : deployments) {
      if (!(d.settings() instanceof HostedPackage settings)) {
        continue;
      }
      String name = d.route().name();
      try {
        String cwd = settings.cwd();
        if (cwd != null && !Files.isDirectory(Path.of(cwd))) {
          throw new IllegalArgumentException("cwd: '" + cwd + "' is not a directory");
        }
        StdioServer server =
            NpmPackage.launch(d.pkg(), settings.env(), cwd == null ? null : Path.of(cwd));
        next.put(name, new StdioHosting.Hosted(d.route().project(), server));
        out.put(name, stdio.bind(d.route()));
      } catch (IllegalArgumentException e) {
        log.warn("catalog route {}: its package cannot be run: {}", name, e.getMessage());
      }
    }
    stdio.configureCatalog(next);
    return out;
  }

  /** Serves the OpenAPI deployments, and stops serving those that are gone. */
  private Map<String, RouteDefinition> apis(List<Hosted> deployments) {
    Map<String, RouteDefinition> out = new HashMap<>();
    for (Hosted d : deployments) {
      if (!(d.settings() instanceof HostedApi api)) {
        continue;
      }
      String name = d.route().name();
      try {
        openApi.serve(openApi.prepare(apiRoute(name, api, document(name, api, false))));
        RouteDefinition r = d.route();
        out.put(
            name,
            new RouteDefinition(
                name,
                new UpstreamDefinition(
                    OpenApiHosting.upstreamUrl(stdio.base(), name),
                    UpstreamTransport.STREAMABLE_HTTP,
                    openApi.upstreamHeaders()),
                r.timeouts(),
                r.source(),
                r.policies(),
                r.project()));
      } catch (GatehouseException | IOException e) {
        log.warn(
            "catalog route {}: its OpenAPI document cannot be served: {}", name, e.getMessage());
      }
    }
    for (String gone : apis) {
      if (!out.containsKey(gone)) {
        openApi.remove(gone);
      }
    }
    apis.clear();
    apis.addAll(out.keySet());
    return out;
  }

  private Path document(String route, HostedApi api, boolean temp) throws IOException {
    Path dir = Files.createDirectories(stdio.dataDir().resolve("openapi-deployments"));
    Path file =
        temp ? Files.createTempFile(dir, route + "-", ".check.json") : dir.resolve(route + ".json");
    Files.write(file, JsonMapper.shared().writeValueAsBytes(api.document()));
    return file;
  }

  private static OpenApiRoute apiRoute(String route, HostedApi api, Path file) {
    return OpenApiRoute.of(route, file.toString())
        .withBaseUrl(api.baseUrl())
        .withSelection(
            new Selection(api.include().tags(), api.include().operations()),
            new Selection(api.exclude().tags(), api.exclude().operations()));
  }
}
