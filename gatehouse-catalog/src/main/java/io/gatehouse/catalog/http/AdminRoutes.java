package io.gatehouse.catalog.http;

import static io.gatehouse.catalog.http.AdminApi.method;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.EnvironmentKind;
import io.gatehouse.catalog.NewDeployment;
import io.gatehouse.catalog.Tool;
import io.gatehouse.catalog.Tools;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.Viewer;
import io.gatehouse.catalog.internal.Fields;
import io.gatehouse.catalog.internal.Shapes;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import java.util.List;
import java.util.Objects;

/** Environments, deployments and tools of the admin API. */
final class AdminRoutes {
  private final Catalog catalog;
  private final AdminJson json;

  AdminRoutes(Catalog catalog, AdminJson json) {
    this.catalog = catalog;
    this.json = json;
  }

  void route(HttpExchange ex, List<String> s, Operator op) {
    switch (s.getFirst()) {
      case "environments" -> environments(ex, s);
      case "deployments" -> deployments(ex, s, op);
      default -> searchTools(ex, s, Viewer.of(op));
    }
  }

  private void environments(HttpExchange ex, List<String> s) {
    if (s.size() == 1) {
      method(ex, "GET", "POST");
      if (ex.method().equals("GET")) {
        ex.json(
            200,
            AdminJson.list(
                "environments",
                catalog.environments().list().stream().map(AdminJson::environment).toList()));
        return;
      }
      Fields f = Fields.of(ex.json(), "");
      f.allowOnly("name", "kind", "description");
      String name = f.text("name", true);
      EnvironmentKind kind = f.choice("kind", true, Shapes.KINDS);
      String description = f.text("description", false);
      f.check(CatalogErrors.INVALID_REQUEST, "environment");
      ex.json(201, AdminJson.environment(catalog.environments().create(name, kind, description)));
    } else if (s.size() == 2) {
      environment(ex, s.get(1));
    } else {
      throw AdminApi.notFound(ex);
    }
  }

  private void environment(HttpExchange ex, String name) {
    method(ex, "GET", "PUT", "DELETE");
    switch (ex.method()) {
      case "GET" -> ex.json(200, AdminJson.environment(catalog.environments().get(name)));
      case "DELETE" -> {
        catalog.environments().delete(name);
        ex.empty(204);
      }
      default -> {
        Fields f = Fields.of(ex.json(), "");
        f.allowOnly("name", "kind", "description");
        if (f.raw("name") != null && !Objects.equals(f.text("name", false), name)) {
          f.problem(
              "name",
              "invalid-value",
              "differs from the name in the path; environments cannot be renamed");
        }
        EnvironmentKind kind = f.choice("kind", true, Shapes.KINDS);
        String description = f.text("description", false);
        f.check(CatalogErrors.INVALID_REQUEST, "environment");
        ex.json(200, AdminJson.environment(catalog.environments().update(name, kind, description)));
      }
    }
  }

  private void deployments(HttpExchange ex, List<String> s, Operator op) {
    if (s.size() == 1) {
      method(ex, "GET", "POST");
      if (ex.method().equals("GET")) {
        List<Deployment> all =
            catalog.deployments().list(ex.param("server"), ex.param("environment")).stream()
                .filter(d -> mayRead(op, d))
                .toList();
        ex.json(200, AdminJson.list("deployments", all.stream().map(json::deployment).toList()));
      } else {
        NewDeployment d = newDeployment(Fields.of(ex.json(), ""));
        mayDeploy(op, d.project());
        ex.json(201, json.deployment(catalog.deployments().create(d)));
      }
    } else if (s.size() == 2) {
      method(ex, "GET", "DELETE");
      if (ex.method().equals("GET")) {
        ex.json(200, json.deployment(readable(op, s.get(1))));
      } else {
        mayChange(op, s.get(1));
        catalog.deployments().delete(s.get(1));
        ex.empty(204);
      }
    } else if (s.size() == 3 && s.get(2).equals("discover")) {
      method(ex, "POST");
      mayChange(op, s.get(1));
      ex.json(202, json.deployment(catalog.deployments().rediscover(s.get(1))));
    } else if (s.size() == 3 && s.get(2).equals("tools")) {
      if (ex.method().equals("GET")) {
        readable(op, s.get(1));
      } else {
        mayChange(op, s.get(1));
      }
      tools(ex, s.get(1));
    } else {
      throw AdminApi.notFound(ex);
    }
  }

  /**
   * Contributors of {@code default} read every deployment; its users, and the users of a
   * deployment's project, those of the versions they may discover.
   */
  private boolean mayRead(Operator op, Deployment d) {
    if (op.may(Principal.DEFAULT_PROJECT, Role.CONTRIBUTOR)) {
      return true;
    }
    return (op.may(Principal.DEFAULT_PROJECT, Role.USER) || op.may(d.project(), Role.USER))
        && Viewer.of(op).sees(catalog.accessRules().of(d.version()));
  }

  /** The deployment, if the caller may read it; else not found, as if it did not exist. */
  private Deployment readable(Operator op, String deploymentId) {
    Deployment d = catalog.deployments().get(deploymentId);
    if (!mayRead(op, d)) {
      throw new CatalogException(
          CatalogErrors.DEPLOYMENT_NOT_FOUND, "deployment '" + deploymentId + "' does not exist");
    }
    return d;
  }

  /**
   * Deploying is publishing an endpoint under a catalog server's name, so it takes a contributor of
   * the catalog ({@code default}) who is also one of the deployment's project.
   */
  private static void mayDeploy(Operator op, String project) {
    op.require(Principal.DEFAULT_PROJECT, Role.CONTRIBUTOR, "deploy catalog versions");
    op.require(project, Role.CONTRIBUTOR, "deploy into project '" + project + "'");
  }

  /** Refuses unless the caller may deploy into the deployment's project. */
  private void mayChange(Operator op, String deploymentId) {
    Deployment d = readable(op, deploymentId);
    mayDeploy(op, d.project());
  }

  static NewDeployment newDeployment(Fields f) {
    f.allowOnly("server", "version", "environment", "route", "upstream", "project", "connection");
    String server = f.text("server", true);
    String project = f.text("project", false);
    String version = f.text("version", true);
    String environment = f.text("environment", true);
    String route = f.text("route", true);
    String connection = f.text("connection", false);
    Shapes.Upstream upstream = Shapes.upstream(f.object("upstream", false));
    Shapes.upstreamOrConnection(f);
    f.check(CatalogErrors.INVALID_REQUEST, "deployment");
    return new NewDeployment(
        new VersionRef(server, version),
        environment,
        upstream == null ? null : upstream.url(),
        upstream == null ? null : upstream.transport(),
        route,
        project,
        connection,
        upstream == null ? null : upstream.hosted());
  }

  private void tools(HttpExchange ex, String deploymentId) {
    method(ex, "GET", "PUT");
    if (ex.method().equals("PUT")) {
      Fields f = Fields.of(ex.json(), "");
      f.allowOnly("tools");
      List<Tool> tools = f.objects("tools").stream().map(Shapes::tool).toList();
      f.check(CatalogErrors.INVALID_REQUEST, "tool snapshot");
      catalog.tools().replace(deploymentId, tools);
    }
    ex.json(
        200,
        AdminJson.list(
            "tools", catalog.tools().of(deploymentId).stream().map(AdminJson::tool).toList()));
  }

  private void searchTools(HttpExchange ex, List<String> s, Viewer viewer) {
    if (s.size() != 1) {
      throw AdminApi.notFound(ex);
    }
    method(ex, "GET");
    String search = ex.param("search");
    if (search == null || search.isBlank()) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "search: missing (expected: text to find in tool names and"
              + " descriptions, such as ?search=forecast)");
    }
    int limit = ex.param("limit") == null ? 50 : RegistryRequests.limit(ex.param("limit"));
    ex.json(
        200,
        AdminJson.list(
            "tools",
            catalog.tools().search(search, Math.min(limit, Tools.MAX_SEARCH_LIMIT), viewer).stream()
                .map(json::toolMatch)
                .toList()));
  }
}
