package io.gatehouse.limits.http;

import static io.gatehouse.http.AdminRequests.method;

import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.http.AdminRequests;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.limits.QuotaRow;
import io.gatehouse.limits.QuotaStore;
import io.gatehouse.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /admin/v1/usage/quotas?consumer=NAME[&route=ROUTE][&project=P]}: the quota windows of
 * a consumer (its principal id, such as {@code api-key:alice}, or {@code ip:ADDRESS} for anonymous
 * callers) not yet reset, as the store has them (written about once a second). Users of the project
 * read it, as they read its connections.
 */
public final class QuotaUsageApi implements HttpService {
  private static final String PREFIX = "/admin/v1";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Supplier<QuotaStore> store;
  private final Operators operators;
  private final Predicate<String> projectExists;
  private final LongSupplier now;
  private final java.util.function.Function<String, String> routeProject;

  /**
   * @param routeProject the project of a served route, or null: a caller sees the windows of the
   *     routes of the project it may read, never another project's
   */
  public QuotaUsageApi(
      Supplier<QuotaStore> store,
      Operators operators,
      Predicate<String> projectExists,
      LongSupplier now,
      java.util.function.Function<String, String> routeProject) {
    this.routeProject = routeProject;
    this.store = store;
    this.operators = operators;
    this.projectExists = projectExists;
    this.now = now;
  }

  /** Whether this API serves {@code request}: {@code /admin/v1/usage/quotas}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && s.size() == 2 && s.get(0).equals("usage") && s.get(1).equals("quotas");
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    try {
      return list(request).header("Cache-Control", "no-store");
    } catch (GatehouseException e) {
      HttpResponse r = HttpResponse.json(e.error().httpStatus(), ErrorBodies.rest(e));
      if (e.error() == Errors.UNAUTHENTICATED) {
        r.header("WWW-Authenticate", "Bearer");
      }
      return r.header("Cache-Control", "no-store");
    } catch (StoreException e) {
      return HttpResponse.json(
              503, ErrorBodies.rest(Errors.STORE_UNAVAILABLE, "the store failed: " + e.code()))
          .header("Cache-Control", "no-store");
    }
  }

  private HttpResponse list(HttpRequest r) {
    Operator op = AdminRequests.operator(r, operators);
    method(r, "GET");
    String project = r.query("project") == null ? Principal.DEFAULT_PROJECT : r.query("project");
    op.require(project, Role.USER, "read the usage of '" + project + "'");
    if (!projectExists.test(project)) {
      throw new GatehouseException(Errors.NOT_FOUND, "no project '" + project + "'");
    }
    String consumer = r.query("consumer");
    if (consumer == null || consumer.isBlank()) {
      throw new GatehouseException(
          Errors.INVALID_REQUEST,
          "consumer: missing (expected: ?consumer=api-key:NAME, the principal id the access log"
              + " shows)");
    }
    QuotaStore s = store.get();
    ObjectNode body = JSON.createObjectNode();
    body.put("consumer", consumer);
    ArrayNode items = body.putArray("quotas");
    if (s != null) {
      for (QuotaRow row : s.windows(consumer, r.query("route"), now.getAsLong())) {
        if (!project.equals(routeProject.apply(row.key().route()))) {
          continue; // another project's route, or one no longer served
        }
        ObjectNode n = items.addObject();
        n.put("route", row.key().route());
        n.put("limit", row.key().limit());
        n.put("tool", row.key().tool().isEmpty() ? null : row.key().tool());
        n.put("used", row.used());
        n.put("quota", row.quota());
        n.put("windowStart", Instant.ofEpochMilli(row.windowStart()).toString());
        n.put("resetsAt", Instant.ofEpochMilli(row.windowEnd()).toString());
      }
    }
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }
}
