package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns {@code {"from": {server, version, environment}, "auth": {...}}} into an ordinary connection
 * body: the url and transport of that version's deployment in that environment, and the auth its
 * scheme calls for, asking the user only for what the catalog cannot know (a key's value, an OAuth
 * client). Every missing piece is named in one answer.
 */
final class FromCatalog {
  private static final Set<String> KEY_FIELDS = Set.of("value", "secret");
  private static final Set<String> OAUTH_FIELDS =
      Set.of("clientId", "clientSecret", "method", "resource", "refreshUrl", "audience");

  private FromCatalog() {}

  static ObjectNode expand(String project, JsonNode body, CatalogSource source) {
    JsonNode from = body.path("from");
    List<Problem> problems = new ArrayList<>();
    String server = required(from, "server", problems);
    String version = required(from, "version", problems);
    String environment = required(from, "environment", problems);
    for (String own : List.of("url", "transport")) {
      if (body.has(own)) {
        problems.add(problem(own, own + ": comes from the catalog's deployment; leave it out"));
      }
    }
    fail(problems);
    if (source == null) {
      throw invalid("from: this Gatehouse has no catalog to take connections from", List.of());
    }
    CatalogSource.Upstream up =
        source
            .find(project, server, version, environment)
            .orElseThrow(
                () ->
                    invalid(
                        "from: project '"
                            + project
                            + "' has no deployment of "
                            + server
                            + "@"
                            + version
                            + " in environment '"
                            + environment
                            + "'",
                        List.of()));
    CatalogSource.Scheme scheme = scheme(up.schemes(), from.path("authScheme"));
    ObjectNode out = ((ObjectNode) body).deepCopy();
    out.put("url", up.url().toString()).put("transport", up.transport());
    if (scheme != null) {
      out.set("auth", CatalogAuth.auth(scheme, body.path("auth"), problems));
    }
    fail(problems);
    ObjectNode origin = out.putObject("from");
    origin.put("server", server).put("version", version).put("environment", environment);
    if (scheme != null) {
      origin.put("authScheme", scheme.name());
    }
    return out;
  }

  /** The version's one scheme, the one {@code from.authScheme} names, or null when it has none. */
  private static CatalogSource.Scheme scheme(List<CatalogSource.Scheme> schemes, JsonNode named) {
    List<String> names = schemes.stream().map(CatalogSource.Scheme::name).toList();
    if (named.isString()) {
      return schemes.stream()
          .filter(s -> s.name().equals(named.stringValue()))
          .findFirst()
          .orElseThrow(
              () ->
                  invalid(
                      "from.authScheme: '"
                          + named.stringValue()
                          + "' (expected: one of "
                          + names
                          + ")",
                      List.of()));
    }
    if (schemes.size() > 1) {
      throw invalid(
          "from.authScheme: missing (the version has " + names + "; name the one to use)",
          List.of());
    }
    return schemes.isEmpty() ? null : schemes.getFirst();
  }

  static void checkFields(JsonNode auth, Set<String> allowed, List<Problem> problems) {
    for (String key : auth.propertyNames()) {
      if (!allowed.contains(key)) {
        problems.add(
            problem(
                "auth." + key,
                "auth."
                    + key
                    + ": not taken here (the catalog's scheme decides; expected: "
                    + allowed.stream().sorted().toList()
                    + ")"));
      }
    }
  }

  static Set<String> keyFields() {
    return KEY_FIELDS;
  }

  static Set<String> oauthFields() {
    return OAUTH_FIELDS;
  }

  private static String required(JsonNode from, String field, List<Problem> problems) {
    JsonNode v = from.path(field);
    if (v.isString() && !v.stringValue().isBlank()) {
      return v.stringValue().trim();
    }
    problems.add(problem("from." + field, "from." + field + ": missing (expected: a name)"));
    return null;
  }

  static Problem problem(String field, String message) {
    return new Problem(field, "required", message);
  }

  private static void fail(List<Problem> problems) {
    if (problems.isEmpty()) {
      return;
    }
    String message = String.join("; ", problems.stream().map(Problem::message).toList());
    throw invalid(message, problems);
  }

  private static GatehouseException invalid(String message, List<Problem> details) {
    return new GatehouseException(ConnectErrors.INVALID_CONNECTION, message, details);
  }
}
