package io.gatehouse.vault.http;

import static io.gatehouse.http.AdminRequests.method;

import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.core.Role;
import io.gatehouse.core.Secret;
import io.gatehouse.http.AdminRequests;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.store.StoreException;
import io.gatehouse.vault.SecretInfo;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import io.gatehouse.vault.VaultException;
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
 * A project's secrets under {@code /admin/v1/projects/{project}/secrets}: set ({@code PUT
 * .../{name}} with {@code {"value": "..."}}, a new version each time), list, show a secret's
 * versions, delete. Write-only: answers carry masks and fingerprints, never a value, and none may
 * be cached. Contributors of the project manage its secrets.
 */
public final class VaultAdminApi implements HttpService {
  /** Secrets Gatehouse keeps for per-user connections, which the API never sets. */
  private static final java.util.regex.Pattern GATEHOUSE_KEPT =
      java.util.regex.Pattern.compile("connection\\.[^.]+\\.(user\\..+|registered-client)");

  private static final Logger log = LoggerFactory.getLogger(VaultAdminApi.class);
  private static final String PREFIX = "/admin/v1";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Supplier<Vault> vault;
  private final Operators operators;
  private final Predicate<String> projectExists;
  private final BiConsumer<String, String> changed;

  /**
   * @param vault the vault, or null while it is locked (no master key)
   * @param changed told (project, name) after a secret is set or deleted here
   */
  public VaultAdminApi(
      Supplier<Vault> vault,
      Operators operators,
      Predicate<String> projectExists,
      BiConsumer<String, String> changed) {
    this.vault = vault;
    this.operators = operators;
    this.projectExists = projectExists;
    this.changed = changed;
  }

  /** Whether this API serves {@code request}: {@code /admin/v1/projects/{p}/secrets...}. */
  public boolean owns(HttpRequest request) {
    List<String> s = request.segments(PREFIX);
    return s != null && s.size() >= 3 && s.get(0).equals("projects") && s.get(2).equals("secrets");
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
    String project = s.get(1);
    op.require(project, Role.CONTRIBUTOR, "manage the secrets of '" + project + "'");
    if (!projectExists.test(project)) {
      throw new GatehouseException(Errors.NOT_FOUND, "no project '" + project + "'");
    }
    Vault v = vault.get();
    if (v == null) {
      throw new VaultException(
          VaultErrors.VAULT_LOCKED, "the vault has no master key, so it holds no secrets yet");
    }
    if (s.size() == 3) {
      method(r, "GET");
      return ok(list("secrets", v.list(project)));
    }
    if (s.size() != 4) {
      throw new GatehouseException(
          Errors.NOT_FOUND, "nothing is served at " + r.path() + "; see docs/vault.md");
    }
    String name = s.get(3);
    return switch (method(r, "GET", "PUT", "DELETE")) {
      case "GET" -> ok(list("versions", v.versions(project, name)));
      case "PUT" -> {
        if (GATEHOUSE_KEPT.matcher(name).matches()) {
          // a planted "token" would send a user's calls to someone else's account
          throw new GatehouseException(
              io.gatehouse.vault.VaultErrors.INVALID_SECRET,
              "secret '"
                  + name
                  + "' is kept by Gatehouse (a user's tokens or its client registration) and is"
                  + " not set by hand");
        }
        SecretInfo info = v.put(project, name, value(r));
        changed.accept(project, name);
        log.info(
            "vault: {} set {}/{} version {} ({})",
            op.id(),
            project,
            name,
            info.version(),
            info.fingerprint());
        yield HttpResponse.json(
            info.version() == 1 ? 201 : 200, JSON.writeValueAsBytes(json(info)));
      }
      default -> {
        v.delete(project, name);
        changed.accept(project, name);
        log.info("vault: {} deleted {}/{}", op.id(), project, name);
        yield HttpResponse.empty(204);
      }
    };
  }

  /** The body's {@code value}; the body itself is never echoed, logged or kept. */
  private static Secret value(HttpRequest r) {
    JsonNode n;
    try {
      n = JSON.readTree(r.body());
    } catch (RuntimeException e) {
      throw new GatehouseException(Errors.INVALID_JSON, "the request body is not JSON");
    }
    if (!(n instanceof ObjectNode o) || o.size() != 1 || !o.path("value").isString()) {
      throw new VaultException(
          VaultErrors.INVALID_SECRET, "expected a body of one field: {\"value\": \"...\"}");
    }
    return Secret.of(o.get("value").stringValue());
  }

  private static ObjectNode json(SecretInfo i) {
    ObjectNode n = JSON.createObjectNode();
    n.put("project", i.project()).put("name", i.name()).put("version", i.version());
    n.put("mask", i.mask()).put("fingerprint", i.fingerprint());
    n.put("createdAt", i.createdAt().toString());
    return n;
  }

  private static ObjectNode list(String field, List<SecretInfo> items) {
    ObjectNode n = JSON.createObjectNode();
    var array = n.putArray(field);
    items.forEach(i -> array.add(json(i)));
    return n;
  }

  private static HttpResponse ok(JsonNode body) {
    return HttpResponse.json(200, JSON.writeValueAsBytes(body));
  }

  private static HttpResponse noStore(HttpResponse r) {
    return r.header("Cache-Control", "no-store");
  }
}
