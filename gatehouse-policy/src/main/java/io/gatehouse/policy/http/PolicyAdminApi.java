package io.gatehouse.policy.http;

import static io.gatehouse.http.AdminRequests.method;

import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Problem;
import io.gatehouse.core.Role;
import io.gatehouse.http.AdminRequests;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.policy.traffic.PolicySetStore;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.store.StoreException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Policy sets under {@code /admin/v1/policies}: {@code GET} lists the sets in force with where each
 * comes from; {@code GET /policies/effective?route=R[&tool=T]} shows what applies to a route (or to
 * one tool's calls on it) once merged; {@code PUT} and {@code DELETE} on {@code /policies/global}
 * and {@code /policies/routes/{name}} change the admin API's sets ({@code ?dry_run=true} checks
 * without storing). A set is checked against every route as a whole and refused with every problem
 * listed; scopes the configuration file sets are the file's. Policy sets govern every project's
 * routes, so reading them needs the contributor role in {@code default} and changing them its owner
 * role.
 */
public final class PolicyAdminApi implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(PolicyAdminApi.class);
  private static final String PREFIX = "/admin/v1";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  public static final ErrorKey INVALID_POLICY =
      ErrorKey.of(
          "INVALID_POLICY",
          400,
          -32602,
          "Fix each problem listed in details (field is the path of the value at fault) and send"
              + " the whole set again; nothing was changed. See docs/policies.md.");

  public static final ErrorKey POLICY_FROM_CONFIG =
      ErrorKey.of(
          "POLICY_FROM_CONFIG",
          409,
          -32600,
          "The configuration file sets this scope, so it is changed there (the file is reread"
              + " within a second); remove it from the file to manage it here.");

  /** What the API acts on: the sets in force, checked and applied by the server. */
  public interface Control {
    /** A set in force and where it comes from: {@code config} or {@code api}. */
    record InForce(String source, JsonNode set) {}

    /** The sets in force by scope ({@code global}, {@code route:NAME}). */
    Map<String, InForce> inForce();

    /**
     * The merged set that applies on {@code route} (to calls of {@code tool} when not null), or
     * null when no such route is served.
     */
    JsonNode effective(String route, String tool);

    /** Whether the configuration file sets {@code scope}. */
    boolean fromConfig(String scope);

    /**
     * Checks {@code set} at {@code scope} with every other set in force against every route; stores
     * and applies it unless there are problems or {@code dryRun}. Returns the problems.
     */
    List<Problems.Problem> put(String scope, JsonNode set, String by, boolean dryRun);

    /** Removes the admin API's set at {@code scope} and applies; false when there was none. */
    boolean delete(String scope, String by);
  }

  private final Control control;
  private final Operators operators;

  public PolicyAdminApi(Control control, Operators operators) {
    this.control = control;
    this.operators = operators;
  }

  /** Whether this API serves {@code request}: {@code /admin/v1/policies...}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && !s.isEmpty() && s.getFirst().equals("policies");
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    try {
      return route(request, request.segments(PREFIX)).header("Cache-Control", "no-store");
    } catch (GatehouseException e) {
      HttpResponse r = HttpResponse.json(e.error().httpStatus(), ErrorBodies.rest(e));
      if (e.error() == Errors.UNAUTHENTICATED) {
        r.header("WWW-Authenticate", "Bearer");
      }
      return r.header("Cache-Control", "no-store");
    } catch (StoreException e) {
      log.warn("admin {} {}: {}", request.method(), request.path(), e.code());
      return HttpResponse.json(
              503, ErrorBodies.rest(Errors.STORE_UNAVAILABLE, "the store failed: " + e.code()))
          .header("Cache-Control", "no-store");
    }
  }

  private HttpResponse route(HttpRequest r, List<String> s) {
    Operator op = AdminRequests.operator(r, operators);
    boolean read = r.method().equals("GET");
    op.require(
        Principal.DEFAULT_PROJECT,
        read ? Role.CONTRIBUTOR : Role.OWNER,
        (read ? "read" : "change") + " policy sets");
    if (s.size() == 1) {
      method(r, "GET");
      return ok(list());
    }
    if (s.size() == 2 && s.get(1).equals("effective")) {
      method(r, "GET");
      String route = r.query("route");
      if (route == null || route.isBlank()) {
        throw new GatehouseException(
            Errors.INVALID_REQUEST, "route: missing (expected ?route=NAME[&tool=NAME])");
      }
      JsonNode effective = control.effective(route, r.query("tool"));
      if (effective == null) {
        throw new GatehouseException(Errors.NOT_FOUND, "no route '" + route + "' is served");
      }
      return ok(effective);
    }
    String scope = scope(r, s);
    String verb = method(r, "GET", "PUT", "DELETE");
    if (verb.equals("GET")) {
      Control.InForce f = control.inForce().get(scope);
      if (f == null) {
        throw new GatehouseException(Errors.NOT_FOUND, "no policy set at " + scope);
      }
      return ok(entry(scope, f));
    }
    if (control.fromConfig(scope)) {
      throw new GatehouseException(
          POLICY_FROM_CONFIG, "the configuration file sets the policies of " + scope);
    }
    String by = op.principal() == null ? "admin-token" : op.principal().id();
    if (verb.equals("DELETE")) {
      if (!control.delete(scope, by)) {
        throw new GatehouseException(Errors.NOT_FOUND, "no policy set at " + scope);
      }
      log.info("policies: {} removed the set at {}", by, scope);
      return HttpResponse.empty(204);
    }
    JsonNode set = body(r);
    boolean dryRun = "true".equals(r.query("dry_run"));
    List<Problems.Problem> problems = control.put(scope, set, by, dryRun);
    if (!problems.isEmpty()) {
      throw new GatehouseException(
          INVALID_POLICY,
          problems.size() == 1
              ? problems.getFirst().toString()
              : problems.size() + " problems; the first: " + problems.getFirst(),
          problems.stream().map(p -> new Problem(p.path(), "policy", p.message())).toList());
    }
    if (!dryRun) {
      log.info("policies: {} set the policies of {}", by, scope);
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("scope", scope);
    n.put("source", "api");
    n.put("applied", !dryRun);
    n.set("set", set);
    return ok(n);
  }

  private static String scope(HttpRequest r, List<String> s) {
    if (s.size() == 2 && s.get(1).equals(PolicySetStore.GLOBAL)) {
      return PolicySetStore.GLOBAL;
    }
    if (s.size() == 3 && s.get(1).equals("routes")) {
      return PolicySetStore.routeScope(s.get(2));
    }
    throw new GatehouseException(
        Errors.NOT_FOUND,
        "nothing is served at "
            + r.path()
            + " (expected /admin/v1/policies/global or /admin/v1/policies/routes/{name})");
  }

  private ObjectNode list() {
    ObjectNode n = JSON.createObjectNode();
    var items = n.putArray("sets");
    control.inForce().forEach((scope, f) -> items.add(entry(scope, f)));
    return n;
  }

  private static ObjectNode entry(String scope, Control.InForce f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("scope", scope);
    n.put("source", f.source());
    n.set("set", f.set());
    return n;
  }

  private static JsonNode body(HttpRequest r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || n.isMissingNode()) {
        throw new GatehouseException(Errors.INVALID_JSON, "the request body is empty");
      }
      return n;
    } catch (RuntimeException e) {
      if (e instanceof GatehouseException g) {
        throw g;
      }
      throw new GatehouseException(Errors.INVALID_JSON, "the request body is not JSON");
    }
  }

  private static HttpResponse ok(JsonNode body) {
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }
}
