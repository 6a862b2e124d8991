package io.gatehouse.server;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogSettings;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.Database;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The tool catalog inside the server: opens the store, runs the catalog's migrations, publishes its
 * deployments as gateway routes, and serves the registry ({@code /v0.1}, {@code /v0}) and admin
 * ({@code /admin/v1}) APIs. Until it is open, those paths answer 503, so the HTTP port (and
 * {@code /healthz}) is up while migrations run.
 */
final class CatalogPart extends Handler.Abstract implements AutoCloseable {
  static final Duration REVISION_POLL = Duration.ofSeconds(1);
  private static final List<String> PATHS = List.of("/v0.1/", "/v0/", "/admin/v1/");

  private volatile List<Handler> handlers;
  private Database database;
  private Catalog catalog;

  CatalogPart() {
    super(Invocable.InvocationType.BLOCKING);
  }

  /** Opens the store and the catalog and starts serving; the caller reports ready afterwards. */
  void open(GatehouseConfig config, RoutingTable routes, Supplier<URI> boundUrl) {
    database = Database.open(config.storageUrl());
    catalog = Catalog.open(database, settings(config, boundUrl));
    catalog.serve(routes);
    handlers = List.of(catalog.registryHandler(), catalog.adminHandler());
  }

  static CatalogSettings settings(GatehouseConfig config, Supplier<URI> boundUrl) {
    // With listen.port 0 and no public-url, the public URL is only known once listening.
    Supplier<URI> publicUrl = config.publicUrl().getPort() == 0 ? boundUrl : config::publicUrl;
    return new CatalogSettings(publicUrl, boundUrl, config.registryAnonymousRead(),
        token -> config.adminToken() != null && config.adminToken().matches(token), REVISION_POLL, Clock.systemUTC());
  }

  Catalog catalog() {
    return catalog;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    List<Handler> open = handlers;
    if (open != null) {
      for (Handler h : open) {
        if (h.handle(request, response, callback)) {
          return true;
        }
      }
      return false;
    }
    String path = Request.getPathInContext(request) + "/";
    if (PATHS.stream().noneMatch(path::startsWith)) {
      return false;
    }
    OpsHandler.json(response, callback, 503, "{\"error\":{\"code\":\"STARTING\",\"message\":\"the catalog is starting"
        + " (store migrations are running)\",\"details\":[],\"hint\":\"retry in a moment; /readyz answers 200 once ready\"}}");
    return true;
  }

  @Override
  public void close() {
    handlers = null;
    if (catalog != null) {
      catalog.close();
    }
    if (database != null) {
      database.close();
    }
  }
}
