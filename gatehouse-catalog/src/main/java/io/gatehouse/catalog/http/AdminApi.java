package io.gatehouse.catalog.http;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.util.List;
import java.util.function.Predicate;

/**
 * The catalog's admin API under {@code /admin/v1}: environments, deployments, auth schemes, access
 * rules and tool snapshots. Every request needs the admin bearer token; errors use the admin error
 * shape.
 */
public final class AdminApi implements HttpService {
  static final String PREFIX = "/admin/v1";
  private static final List<String> OWNED =
      List.of("environments", "deployments", "auth-schemes", "access-rules", "tools");

  private final Predicate<String> adminToken;
  private final AdminRoutes routes;
  private final AttachmentRoutes attachments;

  public AdminApi(Catalog catalog) {
    this.adminToken = catalog.settings().adminToken();
    AdminJson json = new AdminJson(new GatewayUrls(catalog.settings().publicUrl()));
    this.routes = new AdminRoutes(catalog, json);
    this.attachments = new AttachmentRoutes(catalog);
  }

  /**
   * Whether this API serves {@code request} (the admin API is shared with other parts of
   * Gatehouse).
   */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && !s.isEmpty() && OWNED.contains(s.getFirst());
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    HttpExchange ex = new HttpExchange(request);
    List<String> s = ex.segments(PREFIX);
    if (s == null || s.isEmpty() || !OWNED.contains(s.getFirst())) {
      return HttpResponse.error(notFound(ex), ErrorShape.REST);
    }
    try {
      authorize(ex);
      switch (s.getFirst()) {
        case "auth-schemes", "access-rules" -> attachments.route(ex, s);
        default -> routes.route(ex, s);
      }
    } catch (RuntimeException e) {
      GatehouseException c = Failures.of(e, "admin " + ex.method() + " " + ex.path());
      if (c.error() == CatalogErrors.UNAUTHENTICATED) {
        ex.header("WWW-Authenticate", "Bearer");
      }
      ex.json(c.error().httpStatus(), ErrorBodies.rest(c));
    }
    return ex.response();
  }

  private void authorize(HttpExchange ex) {
    String token = ex.bearer();
    if (token == null || !adminToken.test(token)) {
      throw new CatalogException(
          CatalogErrors.UNAUTHENTICATED,
          (token == null ? "no" : "a wrong") + " admin bearer token");
    }
  }

  /** Answers 405 unless the method is one of {@code allowed}. */
  static void method(HttpExchange ex, String... allowed) {
    if (!List.of(allowed).contains(ex.method())) {
      ex.header("Allow", String.join(", ", allowed));
      throw new CatalogException(
          CatalogErrors.METHOD_NOT_ALLOWED,
          ex.method() + " is not allowed here (expected: " + String.join(" or ", allowed) + ")");
    }
  }

  static CatalogException notFound(HttpExchange ex) {
    return new CatalogException(
        CatalogErrors.NOT_FOUND,
        "nothing is served at " + ex.path() + "; see docs/catalog.md for the admin API");
  }
}
