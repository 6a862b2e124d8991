package io.gatehouse.agent.http;

import static io.gatehouse.http.AdminRequests.method;
import static java.util.Objects.requireNonNull;

import io.gatehouse.agent.model.ModelProvider;
import io.gatehouse.agent.model.ModelProviders;
import io.gatehouse.agent.model.StoredModelUsage;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Model providers under {@code /admin/v1/models} ({@code GET}, {@code POST}; {@code GET}, {@code
 * PUT}, {@code DELETE} of {@code /{provider}}), and their token usage at {@code GET
 * /admin/v1/usage/models?project=&from=&to=}. Any authenticated caller reads the providers (never a
 * key: {@code apiKey} shows {@code {"secret": NAME}} or {@code {"stored": true}}); changing them
 * needs the owner role in project {@code default}, and the file's providers are not changed here.
 * Usage needs the contributor role in the project. Answers are never cached.
 */
public final class ModelsAdminApi implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(ModelsAdminApi.class);
  private static final String PREFIX = "/admin/v1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ModelProviders providers;
  private final StoredModelUsage usage;
  private final Operators operators;
  private final Clock clock;

  public ModelsAdminApi(
      ModelProviders providers, StoredModelUsage usage, Operators operators, Clock clock) {
    this.providers = requireNonNull(providers, "providers");
    this.usage = requireNonNull(usage, "usage");
    this.operators = requireNonNull(operators, "operators");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Whether this API serves {@code request}: {@code /admin/v1/models...} and {@code
   * /admin/v1/usage/models}. Ask it before the audit usage API, which owns {@code /admin/v1/usage}.
   */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null
        && !s.isEmpty()
        && (s.get(0).equals("models")
            || (s.size() == 2 && s.get(0).equals("usage") && s.get(1).equals("models")));
  }

  @Override
  public HttpResponse serve(HttpRequest r) {
    HttpResponse answer;
    try {
      Operator op = AdminRequests.operator(r, operators);
      List<String> s = r.segments(PREFIX);
      answer = s.get(0).equals("usage") ? usage(r, op) : models(r, s, op);
    } catch (GatehouseException e) {
      answer = HttpResponse.json(e.error().httpStatus(), ErrorBodies.rest(e));
      if (e.error() == Errors.UNAUTHENTICATED) {
        answer.header("WWW-Authenticate", "Bearer");
      }
    } catch (StoreException e) {
      log.warn("admin {} {}: {}", r.method(), r.path(), e.getMessage());
      answer =
          HttpResponse.json(
              503, ErrorBodies.rest(Errors.STORE_UNAVAILABLE, "the store failed: " + e.code()));
    }
    return answer.header("Cache-Control", "no-store");
  }

  private HttpResponse models(HttpRequest r, List<String> s, Operator op) {
    if (s.size() == 1) {
      if (method(r, "GET", "POST").equals("GET")) {
        ObjectNode n = JSON.createObjectNode();
        var items = n.putArray("providers");
        providers.list().forEach(p -> items.add(ModelProviders.json(p)));
        return ok(200, n);
      }
      mayChange(op);
      return ok(201, ModelProviders.json(providers.create(body(r))));
    }
    if (s.size() != 2) {
      throw notFound(r);
    }
    String name = s.get(1);
    return switch (method(r, "GET", "PUT", "DELETE")) {
      case "GET" -> ok(200, ModelProviders.json(providers.get(name)));
      case "PUT" -> {
        mayChange(op);
        ModelProvider p = providers.replace(name, body(r));
        yield ok(200, ModelProviders.json(p));
      }
      default -> {
        mayChange(op);
        providers.delete(name);
        yield HttpResponse.empty(204);
      }
    };
  }

  private HttpResponse usage(HttpRequest r, Operator op) {
    method(r, "GET");
    String project = r.query("project");
    if (project == null || project.isBlank()) {
      throw new GatehouseException(
          Errors.INVALID_REQUEST, "project: missing (expected: the project whose usage to read)");
    }
    op.require(project, Role.CONTRIBUTOR, "read the model usage of project '" + project + "'");
    Instant to = instant(r, "to");
    to = to == null ? clock.instant() : to;
    Instant from = instant(r, "from");
    from = from == null ? to.minus(Duration.ofDays(1)) : from;
    if (!to.isAfter(from)) {
      throw new GatehouseException(
          Errors.INVALID_REQUEST, "to: " + to + " (expected: after from, " + from + ")");
    }
    StoredModelUsage.Report report = usage.report(project, from, to);
    ObjectNode n = JSON.createObjectNode();
    n.put("project", project).put("from", from.toString()).put("to", to.toString());
    var rows = n.putArray("usage");
    for (StoredModelUsage.Row row : report.rows()) {
      ObjectNode o = rows.addObject();
      o.put("model", row.model()).put("principal", row.principal()).put("agent", row.agent());
      tokens(o, row);
    }
    tokens(n.putObject("total"), report.total());
    return ok(200, n);
  }

  private static void tokens(ObjectNode o, StoredModelUsage.Row row) {
    o.put("responses", row.responses())
        .put("inputTokens", row.inputTokens())
        .put("outputTokens", row.outputTokens())
        .put("totalTokens", row.totalTokens());
  }

  /** Providers and their keys serve every project, so only the platform's owners change them. */
  private static void mayChange(Operator op) {
    op.require(Principal.DEFAULT_PROJECT, Role.OWNER, "change model providers");
  }

  private static JsonNode body(HttpRequest r) {
    try {
      return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (RuntimeException e) {
      throw new GatehouseException(Errors.INVALID_JSON, "the request body is not JSON");
    }
  }

  /** An instant written as ISO-8601 ({@code 2026-12-07T09:00:00Z}) or a date; null when absent. */
  private static Instant instant(HttpRequest r, String name) {
    String v = r.query(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw new GatehouseException(
            Errors.INVALID_REQUEST,
            name + ": '" + v + "' (expected: a UTC time such as 2026-12-07T09:00:00Z, or a date)");
      }
    }
  }

  private static HttpResponse ok(int status, JsonNode body) {
    return HttpResponse.json(status, JSON.writeValueAsBytes(body));
  }

  private static GatehouseException notFound(HttpRequest r) {
    return new GatehouseException(
        Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/models.md");
  }
}
