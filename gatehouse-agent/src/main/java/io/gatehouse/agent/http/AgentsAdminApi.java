package io.gatehouse.agent.http;

import static io.gatehouse.http.AdminRequests.method;
import static java.util.Objects.requireNonNull;

import io.gatehouse.agent.define.AgentErrors;
import io.gatehouse.agent.define.Agents;
import io.gatehouse.agent.define.StoredAgent;
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
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stored agents under {@code /admin/v1/agents}, each in a project ({@code ?project=NAME}, {@code
 * default} when absent): list, create ({@code POST}, 201), show, replace ({@code PUT}), delete,
 * {@code POST .../{name}/publish} (the agent gets its own workload identity, {@code
 * agent:<project>/<name>}) and {@code POST .../{name}/unpublish}. Users of a project read its
 * agents; contributors change and publish them. Agents the configuration file defines are changed
 * there only ({@code AGENT_MANAGED_BY_CONFIG}).
 */
public final class AgentsAdminApi implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(AgentsAdminApi.class);
  private static final String PREFIX = "/admin/v1";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Agents agents;
  private final Operators operators;
  private final Predicate<String> projectExists;

  public AgentsAdminApi(Agents agents, Operators operators, Predicate<String> projectExists) {
    this.agents = requireNonNull(agents, "agents");
    this.operators = requireNonNull(operators, "operators");
    this.projectExists = requireNonNull(projectExists, "projectExists");
  }

  /** Whether this API serves {@code request}: {@code /admin/v1/agents...}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && !s.isEmpty() && s.getFirst().equals("agents");
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
        (read ? "read" : "change") + " the agents of '" + project + "'");
    if (!projectExists.test(project)) {
      throw new GatehouseException(Errors.NOT_FOUND, "no project '" + project + "'");
    }
    if (s.size() == 1) {
      if (method(r, "GET", "POST").equals("GET")) {
        ObjectNode n = JSON.createObjectNode();
        var items = n.putArray("agents");
        agents.list(project).forEach(a -> items.add(a.json()));
        return ok(n);
      }
      StoredAgent a = agents.create(project, body(r));
      log.info("agents: {} created {}/{}", op.id(), project, a.name());
      return HttpResponse.json(201, JSON.writeValueAsBytes(a.json()));
    }
    String name = s.get(1);
    if (s.size() == 3 && (s.get(2).equals("publish") || s.get(2).equals("unpublish"))) {
      method(r, "POST");
      boolean publish = s.get(2).equals("publish");
      notByConfig(project, name, publish ? "publish" : "unpublish");
      StoredAgent a = agents.publish(project, name, publish);
      log.info(
          "agents: {} {} {}/{} ({})",
          op.id(),
          publish ? "published" : "unpublished",
          project,
          name,
          a.definition().identity());
      return ok(a.json());
    }
    if (s.size() != 2) {
      throw new GatehouseException(
          Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/agents.md");
    }
    return switch (method(r, "GET", "PUT", "DELETE")) {
      case "GET" -> ok(agents.get(project, name).json());
      case "PUT" -> {
        notByConfig(project, name, "change");
        StoredAgent a = agents.replace(project, name, body(r));
        log.info("agents: {} replaced {}/{}", op.id(), project, name);
        yield ok(a.json());
      }
      default -> {
        notByConfig(project, name, "delete");
        agents.delete(project, name);
        log.info("agents: {} deleted {}/{}", op.id(), project, name);
        yield HttpResponse.empty(204);
      }
    };
  }

  private void notByConfig(String project, String name, String doing) {
    if (StoredAgent.BY_CONFIG.equals(agents.get(project, name).managedBy())) {
      throw new GatehouseException(
          AgentErrors.AGENT_MANAGED_BY_CONFIG,
          "agent '"
              + name
              + "' of project '"
              + project
              + "' is defined in the configuration file: "
              + doing
              + " it there");
    }
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
