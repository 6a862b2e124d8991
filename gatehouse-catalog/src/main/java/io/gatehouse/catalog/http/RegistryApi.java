package io.gatehouse.catalog.http;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogAccess;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.CatalogSettings;
import io.gatehouse.catalog.Viewer;
import io.gatehouse.catalog.internal.CatalogReads;
import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.util.List;

/**
 * The MCP Registry API, {@code /v0.1} (and the same under {@code /v0}): list, versions, one version
 * or latest, publish, and status changes, with CORS for browser clients such as VS Code's gallery.
 * Reads are anonymous when configured and show what the caller may discover; writes need the admin
 * bearer token.
 */
public final class RegistryApi implements HttpService {
  private static final List<String> PREFIXES = List.of("/v0.1", "/v0");

  private final CatalogSettings settings;
  private final CatalogAccess access;
  private final RegistryRoutes routes;

  public RegistryApi(Catalog catalog) {
    CatalogReads reads = catalog.reads();
    this.settings = catalog.settings();
    this.access = catalog.access();
    this.routes =
        new RegistryRoutes(catalog, reads, new RegistryJson(new GatewayUrls(settings.publicUrl())));
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    HttpExchange ex = new HttpExchange(request);
    List<String> segments = null;
    for (String prefix : PREFIXES) {
      segments = segments == null ? ex.segments(prefix) : segments;
    }
    cors(ex);
    if (segments == null) {
      ex.json(
          404,
          ErrorBodies.registry(
              new CatalogException(CatalogErrors.NOT_FOUND, "nothing is served at " + ex.path())));
      return ex.response();
    }
    if (ex.method().equals("OPTIONS")) {
      ex.header("Access-Control-Max-Age", "86400");
      ex.empty(204);
      return ex.response();
    }
    try {
      routes.route(ex, segments, viewer(ex));
    } catch (RuntimeException e) {
      GatehouseException c = Failures.of(e, "registry " + ex.method() + " " + ex.path());
      if (c.error() == CatalogErrors.UNAUTHENTICATED) {
        ex.header("WWW-Authenticate", "Bearer");
      }
      ex.json(c.error().httpStatus(), ErrorBodies.registry(c));
    }
    return ex.response();
  }

  /**
   * Who the caller is. Reads: the admin token sees everything, an API key or token sees what the
   * access rules let it discover, no credential sees the versions without rules (when anonymous
   * reads are on). Writes need the admin token.
   */
  private Viewer viewer(HttpExchange ex) {
    boolean read = ex.method().equals("GET") || ex.method().equals("HEAD");
    String credential = ex.credential();
    if (credential == null) {
      if (read && settings.anonymousRead()) {
        return Viewer.ANONYMOUS;
      }
      throw new CatalogException(
          CatalogErrors.UNAUTHENTICATED,
          "Missing bearer token: send Authorization: Bearer <admin token> (admin.token or"
              + " GATEHOUSE_ADMIN_TOKEN)"
              + (read ? ", or an API key" : ""));
    }
    if (!read) {
      // Publishing and status changes: contributors of the catalog's project.
      AdminApi.operator(ex, settings.adminToken(), access)
          .require(Principal.DEFAULT_PROJECT, Role.CONTRIBUTOR, "publish or change versions");
      return Viewer.EVERYTHING;
    }
    if (settings.adminToken().test(credential)) {
      return Viewer.EVERYTHING;
    }
    Viewer v = access.viewer(credential);
    if (v == null) {
      throw new CatalogException(
          CatalogErrors.UNAUTHENTICATED,
          "Invalid credential: send a live API key, a token of auth.jwt, or the admin token");
    }
    return v;
  }

  /** What GitHub's registry documentation asks of every {@code /v0.1/servers} endpoint. */
  private static void cors(HttpExchange ex) {
    ex.header("Access-Control-Allow-Origin", "*");
    ex.header("Access-Control-Allow-Methods", "GET, OPTIONS");
    ex.header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-API-Key");
  }
}
