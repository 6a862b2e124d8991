package io.gatehouse.identity.http;

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
import io.gatehouse.identity.ApiKey;
import io.gatehouse.identity.Consumer;
import io.gatehouse.identity.Identity;
import io.gatehouse.identity.IdentityErrors;
import io.gatehouse.identity.IdentityException;
import io.gatehouse.identity.IssuedKey;
import io.gatehouse.identity.Member;
import io.gatehouse.identity.Project;
import io.gatehouse.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Projects, members, consumers and API keys under {@code /admin/v1}; errors use the admin error
 * shape. A key is in the answer that creates it and nowhere else: listings show its prefix.
 *
 * <p>Every request is authorised by the caller's role (docs/identity.md has the table): the admin
 * token may do everything; a project's owners manage its members, its contributors its consumers
 * and their keys, and its users read the project. A consumer may read itself and its keys and
 * revoke its own key. Giving a consumer groups, or creating projects, needs the owner role in
 * project {@code default}: groups reach across projects.
 */
public final class IdentityAdminApi implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(IdentityAdminApi.class);
  static final String PREFIX = "/admin/v1";
  private static final List<String> OWNED = List.of("projects", "consumers");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Identity identity;
  private final Operators operators;

  public IdentityAdminApi(Identity identity, Operators operators) {
    this.identity = identity;
    this.operators = operators;
  }

  /** Whether this API serves {@code request}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && !s.isEmpty() && OWNED.contains(s.getFirst());
  }

  @Override
  public HttpResponse serve(HttpRequest request) {
    try {
      Operator op = AdminRequests.operator(request, operators);
      List<String> s = request.segments(PREFIX);
      return s.getFirst().equals("projects") ? projects(request, s, op) : consumers(request, s, op);
    } catch (GatehouseException e) {
      HttpResponse r = HttpResponse.json(e.error().httpStatus(), ErrorBodies.rest(e));
      if (e.error() == Errors.UNAUTHENTICATED) {
        r.header("WWW-Authenticate", "Bearer");
      }
      return r;
    } catch (StoreException e) {
      log.warn("admin {} {}: {}", request.method(), request.path(), e.getMessage());
      return HttpResponse.json(
          503, ErrorBodies.rest(Errors.STORE_UNAVAILABLE, "the store failed: " + e.code()));
    }
  }

  private HttpResponse projects(HttpRequest r, List<String> s, Operator op) {
    if (s.size() == 1) {
      return switch (method(r, "GET", "POST")) {
        case "GET" ->
            ok(
                list(
                    "projects",
                    identity.projects().stream()
                        .filter(p -> op.may(p.name(), Role.USER))
                        .map(this::project)));
        default -> {
          op.require(Principal.DEFAULT_PROJECT, Role.OWNER, "create projects");
          Body b = Body.of(r, "name", "description");
          Project p = identity.createProject(b.text("name"), b.optionalText("description"));
          if (!op.breakGlass()) {
            // whoever creates a project owns it, so it is not left for the admin token to staff
            identity.putMember(p.name(), op.principal().subject(), Role.OWNER);
          }
          yield created(project(p));
        }
      };
    }
    String name = s.get(1);
    if (s.size() == 2) {
      method(r, "GET");
      op.require(name, Role.USER, "read project '" + name + "'");
      return ok(project(identity.project(name)));
    }
    if (!s.get(2).equals("members") || s.size() > 4) {
      throw notFound(r);
    }
    if (s.size() == 3) {
      return switch (method(r, "GET", "POST")) {
        case "GET" -> {
          op.require(name, Role.CONTRIBUTOR, "list the members of '" + name + "'");
          yield ok(list("members", identity.members(name).stream().map(this::member)));
        }
        default -> {
          op.require(name, Role.OWNER, "change the members of '" + name + "'");
          Body b = Body.of(r, "subject", "role");
          Role role = b.parse("role", Role::fromWire);
          yield created(member(identity.putMember(name, b.text("subject"), role)));
        }
      };
    }
    method(r, "DELETE");
    op.require(name, Role.OWNER, "change the members of '" + name + "'");
    identity.removeMember(name, s.get(3));
    return HttpResponse.empty(204);
  }

  private HttpResponse consumers(HttpRequest r, List<String> s, Operator op) {
    if (s.size() == 1) {
      return switch (method(r, "GET", "POST")) {
        case "GET" ->
            ok(
                list(
                    "consumers",
                    identity.consumers().stream()
                        .filter(c -> isSelf(op, c.name()) || op.may(c.project(), Role.CONTRIBUTOR))
                        .map(this::consumer)));
        default -> {
          Body b = Body.of(r, "name", "kind", "project", "groups");
          Principal.Kind kind =
              b.has("kind") ? b.parse("kind", Principal.Kind::fromWire) : Principal.Kind.USER;
          // A consumer is an identity other rules name (members, access rules, tool rules), so
          // the platform's owners create them; projects' contributors then manage their keys.
          op.require(Principal.DEFAULT_PROJECT, Role.OWNER, "create consumers");
          yield created(
              consumer(
                  identity.createConsumer(
                      b.text("name"), kind, b.optionalText("project"), b.texts("groups"))));
        }
      };
    }
    String name = s.get(1);
    Consumer target = consumerFor(op, name);
    if (s.size() == 2) {
      return switch (method(r, "GET", "DELETE")) {
        case "GET" -> ok(consumer(target));
        default -> {
          op.require(Principal.DEFAULT_PROJECT, Role.OWNER, "delete consumers");
          identity.deleteConsumer(name);
          yield HttpResponse.empty(204);
        }
      };
    }
    if (!s.get(2).equals("keys") || s.size() > 5) {
      throw notFound(r);
    }
    if (s.size() == 3) {
      return switch (method(r, "GET", "POST")) {
        case "GET" -> ok(list("keys", identity.keys(name).stream().map(this::key)));
        default -> {
          mayMintFor(op, target, "create API keys");
          Body b = Body.of(r, "routes", "expiresAt");
          Instant expires = b.has("expiresAt") ? b.parse("expiresAt", Instant::parse) : null;
          yield secret(created(issued(identity.createKey(name, b.texts("routes"), expires))));
        }
      };
    }
    String id = s.get(3);
    if (s.size() == 4) {
      method(r, "DELETE");
      // A consumer may revoke its own key (a leaked key is stopped by whoever holds it).
      if (!isSelf(op, name)) {
        op.require(target.project(), Role.CONTRIBUTOR, "revoke API keys");
      }
      identity.revokeKey(name, id);
      return HttpResponse.empty(204);
    }
    if (!s.get(4).equals("rotate")) {
      throw notFound(r);
    }
    method(r, "POST");
    mayMintFor(op, target, "rotate API keys");
    Body b = Body.of(r, "overlap");
    Duration overlap =
        b.has("overlap") ? b.parse("overlap", IdentityAdminApi::duration) : Duration.ZERO;
    return secret(created(issued(identity.rotateKey(name, id, overlap))));
  }

  /**
   * The consumer {@code name}, if the caller may manage it (itself, or as a contributor of its
   * project). To anyone else, one that exists elsewhere answers like one that does not exist, so
   * names do not leak across projects.
   */
  private Consumer consumerFor(Operator op, String name) {
    if (op.breakGlass() || isSelf(op, name)) {
      return identity.consumer(name);
    }
    Consumer c = null;
    try {
      c = identity.consumer(name);
    } catch (IdentityException absent) {
      // answered below, like one the caller may not see
    }
    if (c == null || !op.may(c.project(), Role.CONTRIBUTOR)) {
      throw new IdentityException(
          IdentityErrors.CONSUMER_NOT_FOUND,
          "no consumer '" + name + "' in a project where '" + op.id() + "' is a contributor");
    }
    return c;
  }

  /**
   * A key is as strong as its consumer: minting one needs the contributor role in the consumer's
   * project and every role the consumer holds anywhere; for a consumer in groups (which access
   * rules and tool rules name across projects), the owner role in {@code default}.
   */
  private void mayMintFor(Operator op, Consumer target, String doing) {
    op.require(target.project(), Role.CONTRIBUTOR, doing);
    if (op.breakGlass()) {
      return;
    }
    if (!target.groups().isEmpty()) {
      op.require(Principal.DEFAULT_PROJECT, Role.OWNER, doing + " for a consumer in groups");
    }
    Operator as =
        identity.operator(
            new Principal(
                target.name(),
                target.kind(),
                target.project(),
                java.util.Set.copyOf(target.groups()),
                java.util.Set.of(),
                "api-key"));
    as.roles()
        .forEach(
            (project, role) ->
                op.require(
                    project,
                    role,
                    doing + " for a consumer that is " + role.wireName() + " there"));
  }

  /** Whether the caller is the consumer {@code name} itself, with one of its API keys. */
  private static boolean isSelf(Operator op, String name) {
    return !op.breakGlass()
        && op.principal().method().equals("api-key")
        && op.principal().subject().equals(name);
  }

  /** {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}, or an ISO-8601 duration. */
  static Duration duration(String v) {
    if (v.matches("\\d+[smhd]")) {
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + v + "' (expected: a duration such as 1h or 30m)");
    }
  }

  private ObjectNode project(Project p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", p.name()).put("description", p.description());
    n.put("createdAt", p.createdAt().toString());
    return n;
  }

  private ObjectNode member(Member m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("project", m.project()).put("subject", m.subject()).put("role", m.role().wireName());
    n.put("createdAt", m.createdAt().toString());
    return n;
  }

  private ObjectNode consumer(Consumer c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", c.name()).put("kind", c.kind().wireName()).put("project", c.project());
    c.groups().forEach(n.putArray("groups")::add);
    n.put("createdAt", c.createdAt().toString());
    return n;
  }

  private ObjectNode key(ApiKey k) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", k.id()).put("consumer", k.consumer()).put("prefix", k.prefix());
    k.routes().forEach(n.putArray("routes")::add);
    n.put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString());
    n.put("createdAt", k.createdAt().toString());
    n.put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
    return n;
  }

  /** An answer carrying a key: no cache may keep it. */
  private static HttpResponse secret(HttpResponse r) {
    return r.header("Cache-Control", "no-store");
  }

  /** The one answer that carries the key itself. */
  private ObjectNode issued(IssuedKey k) {
    ObjectNode n = key(k.info());
    n.put("key", k.key().reveal());
    return n;
  }

  private static ObjectNode list(String field, java.util.stream.Stream<ObjectNode> items) {
    ObjectNode n = JSON.createObjectNode();
    items.forEach(n.putArray(field)::add);
    return n;
  }

  private static HttpResponse ok(JsonNode body) {
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }

  private static HttpResponse created(JsonNode body) {
    return HttpResponse.json(201, JSON.writeValueAsBytes(body));
  }

  private static GatehouseException notFound(HttpRequest r) {
    return new GatehouseException(
        Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/identity.md");
  }

  /** A request body: a JSON object with only the named fields. */
  private record Body(ObjectNode json) {
    static Body of(HttpRequest r, String... fields) {
      JsonNode n;
      try {
        n = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
      } catch (RuntimeException e) {
        throw new GatehouseException(Errors.INVALID_JSON, "the request body is not JSON");
      }
      if (!(n instanceof ObjectNode o)) {
        throw new GatehouseException(Errors.INVALID_JSON, "the request body is not a JSON object");
      }
      List<String> allowed = List.of(fields);
      for (String name : o.propertyNames()) {
        if (!allowed.contains(name)) {
          throw invalid(name + ": not a field here (expected: " + String.join(", ", allowed) + ")");
        }
      }
      return new Body(o);
    }

    boolean has(String field) {
      JsonNode v = json.get(field);
      return v != null && !v.isNull();
    }

    String text(String field) {
      String v = optionalText(field);
      if (v == null || v.isBlank()) {
        throw invalid(field + ": missing");
      }
      return v;
    }

    String optionalText(String field) {
      JsonNode v = json.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isString()) {
        throw invalid(field + ": expected a string");
      }
      return v.stringValue();
    }

    List<String> texts(String field) {
      JsonNode v = json.get(field);
      if (v == null || v.isNull()) {
        return List.of();
      }
      if (!v.isArray()) {
        throw invalid(field + ": expected an array of strings");
      }
      List<String> out = new java.util.ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isString()) {
          throw invalid(field + ": expected an array of strings");
        }
        out.add(item.stringValue());
      }
      return out;
    }

    <T> T parse(String field, java.util.function.Function<String, T> parser) {
      String v = text(field);
      try {
        return parser.apply(v);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        throw invalid(
            m.startsWith(field + ":")
                ? m
                : field
                    + ": "
                    + (e instanceof DateTimeParseException
                        ? "'" + v + "' (expected: an instant such as 2027-01-31T00:00:00Z)"
                        : m));
      }
    }

    private static IdentityException invalid(String message) {
      return new IdentityException(IdentityErrors.INVALID_IDENTITY, message);
    }
  }
}
