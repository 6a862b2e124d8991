package io.gatehouse.connect.http;

import static io.gatehouse.http.AdminRequests.method;

import io.gatehouse.connect.ConnectErrors;
import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.ToolRefresh;
import io.gatehouse.connect.Validation;
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
import io.gatehouse.store.StoreException;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Connections under {@code /admin/v1/connections}, each in a project ({@code ?project=NAME}, {@code
 * default} when absent): list, create ({@code POST}, validated at once), show, replace ({@code
 * PUT}), delete, {@code POST .../{name}/validate}, {@code POST .../{name}/refresh} (lists the tools
 * again and says what changed) and {@code GET .../{name}/checks} (the history). Users of a project
 * read its connections; contributors change and validate them. Answers name secrets, never a value,
 * and none may be cached.
 */
public final class ConnectionsAdminApi implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(ConnectionsAdminApi.class);
  private static final String PREFIX = "/admin/v1";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Connections connections;
  private final Operators operators;
  private final Predicate<String> projectExists;
  private final Runnable changed;
  private final BiConsumer<String, String> toolsChanged;
  private final Supplier<URI> redirectUrl;

  /**
   * @param changed told after a connection is created, replaced or deleted here
   * @param toolsChanged told (project, connection name) after a refresh here found the tools
   *     changed
   * @param redirectUrl the OAuth redirect URL per-user connections register
   */
  public ConnectionsAdminApi(
      Connections connections,
      Operators operators,
      Predicate<String> projectExists,
      Runnable changed,
      BiConsumer<String, String> toolsChanged,
      Supplier<URI> redirectUrl) {
    this.toolsChanged = toolsChanged;
    this.redirectUrl = redirectUrl;
    this.connections = connections;
    this.operators = operators;
    this.projectExists = projectExists;
    this.changed = changed;
  }

  /** Whether this API serves {@code request}: {@code /admin/v1/connections...}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && !s.isEmpty() && s.getFirst().equals("connections");
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    try {
      return noStore(route(request, request.segments(PREFIX)));
    } catch (GatehouseException e) {
      HttpResponse r = HttpResponse.json(e.error().httpStatus(), ErrorBodies.rest(e));
      if (e.error() == Errors.UNAUTHENTICATED) {
        r.header("WWW-Authenticate", "Bearer");
      }
      return noStore(r);
    } catch (StoreException e) {
      log.warn("admin {} {}: {}", request.method(), request.path(), e.code());
      return noStore(
          HttpResponse.json(
              503, ErrorBodies.rest(Errors.STORE_UNAVAILABLE, "the store failed: " + e.code())));
    }
  }

  private HttpResponse route(HttpRequest r, List<String> s) {
    Operator op = AdminRequests.operator(r, operators);
    String project = r.query("project") == null ? Principal.DEFAULT_PROJECT : r.query("project");
    boolean read = r.method().equals("GET");
    op.require(
        project,
        read ? Role.USER : Role.CONTRIBUTOR,
        (read ? "read" : "change") + " the connections of '" + project + "'");
    if (!projectExists.test(project)) {
      throw new GatehouseException(Errors.NOT_FOUND, "no project '" + project + "'");
    }
    if (s.size() == 1) {
      if (method(r, "GET", "POST").equals("GET")) {
        ObjectNode n = JSON.createObjectNode();
        var items = n.putArray("connections");
        connections.list(project).forEach(c -> items.add(json(c)));
        return ok(n);
      }
      Connection c = connections.create(project, body(r));
      changed.run();
      log.info("connections: {} created {}/{} ({})", op.id(), project, c.name(), c.url());
      ObjectNode n = json(c);
      n.set(
          "validation",
          Connections.validationJson(connections.validate(project, c.name(), user(op))));
      return HttpResponse.json(201, JSON.writeValueAsBytes(n));
    }
    String name = s.get(1);
    if (s.size() == 3 && s.get(2).equals("validate")) {
      method(r, "POST");
      op.require(project, Role.CONTRIBUTOR, "validate the connections of '" + project + "'");
      Validation v = connections.validate(project, name, user(op));
      return ok(Connections.validationJson(v));
    }
    if (s.size() == 3 && s.get(2).equals("refresh")) {
      method(r, "POST");
      op.require(project, Role.CONTRIBUTOR, "refresh the connections of '" + project + "'");
      ToolRefresh.Result refreshed = ToolRefresh.refresh(connections, project, name, user(op));
      if (refreshed.changed()) {
        toolsChanged.accept(project, name);
      }
      return ok(ToolRefresh.json(refreshed));
    }
    if (s.size() == 3 && s.get(2).equals("checks")) {
      method(r, "GET");
      ObjectNode n = JSON.createObjectNode();
      var items = n.putArray("checks");
      connections.checks(project, name).forEach(items::add);
      return ok(n);
    }
    if (s.size() != 2) {
      throw new GatehouseException(
          Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/connections.md");
    }
    String verb = method(r, "GET", "PUT", "DELETE");
    if (!verb.equals("GET")
        && Connection.BY_CONFIG.equals(connections.get(project, name).managedBy())) {
      throw new GatehouseException(
          ConnectErrors.CONNECTION_MANAGED_BY_CONFIG,
          "connection '"
              + name
              + "' of project '"
              + project
              + "' is defined in the configuration"
              + " file");
    }
    return switch (verb) {
      case "GET" -> {
        ObjectNode n = json(connections.get(project, name));
        List<JsonNode> checks = connections.checks(project, name);
        if (!checks.isEmpty()) {
          n.set("validation", checks.getFirst());
        }
        yield ok(n);
      }
      case "PUT" -> {
        Connection c = connections.replace(project, name, body(r));
        changed.run();
        log.info("connections: {} replaced {}/{} ({})", op.id(), project, name, c.url());
        yield ok(json(c));
      }
      default -> {
        connections.delete(project, name);
        changed.run();
        log.info("connections: {} deleted {}/{}", op.id(), project, name);
        yield HttpResponse.empty(204);
      }
    };
  }

  /** The connection as shown, with the redirect URL to register for per-user OAuth. */
  private ObjectNode json(Connection c) {
    ObjectNode n = Connections.json(c);
    if (c.auth() instanceof ConnectionAuth.UserOAuth) {
      ((ObjectNode) n.get("auth")).put("redirectUrl", redirectUrl.get().toString());
    }
    return n;
  }

  /** Whom a validation runs as: the operator's principal, none for the admin token. */
  private static String user(Operator op) {
    return op.principal() == null ? null : op.principal().id();
  }

  private static JsonNode body(HttpRequest r) {
    try {
      return JSON.readTree(r.body());
    } catch (RuntimeException e) {
      throw new GatehouseException(Errors.INVALID_JSON, "the request body is not JSON");
    }
  }

  private static HttpResponse ok(JsonNode body) {
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }

  private static HttpResponse noStore(HttpResponse r) {
    return r.header("Cache-Control", "no-store");
  }
}
