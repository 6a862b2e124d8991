package io.gatehouse.catalog.http;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogAccess;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.util.List;
import java.util.function.Predicate;

/**
 * The catalog's admin API under {@code /admin/v1}: environments, deployments, auth schemes, access
 * rules and tool snapshots; errors use the admin error shape. The catalog is governed by project
 * {@code default}: its users read it (the tool search shows what they may discover), its
 * contributors change it; the admin token may do everything.
 */
public final class AdminApi implements HttpService {
  static final String PREFIX = "/admin/v1";
  private static final List<String> OWNED =
      List.of("environments", "deployments", "auth-schemes", "access-rules", "tools");

  private final Predicate<String> adminToken;
  private final CatalogAccess access;
  private final AdminRoutes routes;
  private final AttachmentRoutes attachments;

  public AdminApi(Catalog catalog) {
    this.adminToken = catalog.settings().adminToken();
    this.access = catalog.access();
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
      Operator op = authorize(ex, s.getFirst());
      switch (s.getFirst()) {
        case "auth-schemes", "access-rules" -> attachments.route(ex, s);
        default -> routes.route(ex, s, op);
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

  /**
   * The caller, if its role allows the request: reading the catalog needs a role in {@code default}
   * (access rules and auth schemes the contributor role), changing it the contributor role there;
   * deployments are also read by the users of their own project, and changed by contributors of
   * both (checked where the project is known).
   */
  private Operator authorize(HttpExchange ex, String collection) {
    Operator op = operator(ex, adminToken, access);
    boolean read = ex.method().equals("GET") || ex.method().equals("HEAD");
    if (collection.equals("deployments")) {
      return op;
    }
    if (collection.equals("access-rules") || collection.equals("auth-schemes")) {
      // They name versions whether or not the caller may discover them: the catalog's governors'.
      op.require(
          Principal.DEFAULT_PROJECT,
          Role.CONTRIBUTOR,
          (read ? "read" : "change") + " the catalog's " + collection);
      return op;
    }
    op.require(
        Principal.DEFAULT_PROJECT,
        read ? Role.USER : Role.CONTRIBUTOR,
        (read ? "read" : "change") + " the catalog");
    return op;
  }

  /** The caller: the admin token, or a credential {@code access} knows; else 401. */
  static Operator operator(HttpExchange ex, Predicate<String> adminToken, CatalogAccess access) {
    String credential = ex.credential();
    if (credential != null && adminToken.test(credential)) {
      return Operator.BREAK_GLASS;
    }
    Operator op = credential == null ? null : access.operator(credential);
    if (op == null) {
      throw new CatalogException(
          CatalogErrors.UNAUTHENTICATED,
          (credential == null ? "no" : "a wrong")
              + " credential: send the admin token or an API key as Authorization: Bearer");
    }
    return op;
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
