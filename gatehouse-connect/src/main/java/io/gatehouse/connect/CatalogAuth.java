package io.gatehouse.connect;

import io.gatehouse.core.Problem;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The connection auth a catalog auth scheme calls for, completed with what the user gave: an
 * api-key scheme becomes {@code key} auth in its header or query parameter, http-bearer {@code key}
 * auth in {@code Authorization: Bearer}, oauth2 {@code oauth-user} (or {@code
 * oauth-client-credentials} when the scheme has no authorization URL). Missing pieces are added to
 * {@code problems}.
 */
final class CatalogAuth {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CatalogAuth() {}

  static ObjectNode auth(CatalogSource.Scheme scheme, JsonNode given, List<Problem> problems) {
    JsonNode user = given.isObject() ? given : JSON.createObjectNode();
    return switch (scheme) {
      case CatalogSource.Scheme.ApiKey k -> key(k, user, problems);
      case CatalogSource.Scheme.Bearer b -> bearer(b, user, problems);
      case CatalogSource.Scheme.OAuth2 o -> oauth(o, user, problems);
    };
  }

  private static ObjectNode key(
      CatalogSource.Scheme.ApiKey k, JsonNode user, List<Problem> problems) {
    ObjectNode auth = JSON.createObjectNode().put("type", "key");
    JsonNode value =
        value(
            user,
            problems,
            "the catalog's api-key scheme '"
                + k.name()
                + "' sends "
                + k.parameter()
                + (k.inHeader() ? " in a header" : " in the query"));
    if (value != null) {
      auth.putObject(k.inHeader() ? "headers" : "query").set(k.parameter(), value);
    }
    return auth;
  }

  private static ObjectNode bearer(
      CatalogSource.Scheme.Bearer b, JsonNode user, List<Problem> problems) {
    ObjectNode auth = JSON.createObjectNode().put("type", "key");
    JsonNode value =
        value(
            user,
            problems,
            "the catalog's http-bearer scheme '" + b.name() + "' sends Authorization: Bearer");
    if (value != null) {
      JsonNode header =
          value.has("value")
              ? JSON.createObjectNode().put("value", "Bearer " + value.get("value").stringValue())
              : tools.jackson.databind.node.StringNode.valueOf(
                  "Bearer ${secret:" + value.get("secret").stringValue() + "}");
      auth.putObject("headers").set("Authorization", header);
    }
    return auth;
  }

  /** {@code {"value": ...}} or {@code {"secret": NAME}} from the user's auth, or null. */
  private static JsonNode value(JsonNode user, List<Problem> problems, String what) {
    FromCatalog.checkFields(user, FromCatalog.keyFields(), problems);
    boolean value = user.path("value").isString() && !user.path("value").stringValue().isEmpty();
    boolean secret = user.path("secret").isString() && !user.path("secret").stringValue().isBlank();
    if (value == secret) {
      problems.add(
          FromCatalog.problem(
              "auth",
              "auth: "
                  + what
                  + "; give exactly one of auth.value (kept in the vault) or auth.secret (the"
                  + " name of a secret of the project)"));
      return null;
    }
    return value
        ? JSON.createObjectNode().put("value", user.get("value").stringValue())
        : JSON.createObjectNode().put("secret", user.get("secret").stringValue().trim());
  }

  private static ObjectNode oauth(
      CatalogSource.Scheme.OAuth2 o, JsonNode user, List<Problem> problems) {
    FromCatalog.checkFields(user, FromCatalog.oauthFields(), problems);
    boolean perUser = o.authorizationUrl() != null;
    ObjectNode auth =
        JSON.createObjectNode().put("type", perUser ? "oauth-user" : "oauth-client-credentials");
    if (perUser) {
      auth.put("authorizationUrl", o.authorizationUrl().toString());
    }
    auth.put("tokenUrl", o.tokenUrl().toString());
    var scopes = auth.putArray("scopes");
    o.scopes().forEach(scopes::add);
    String what = "the catalog's oauth2 scheme '" + o.name() + "'";
    if (perUser && o.clientId() != null && !user.has("clientId")) {
      auth.put("clientId", o.clientId()); // managed: the scheme's client, users only consent
    } else if (!user.path("clientId").isString() || user.path("clientId").stringValue().isBlank()) {
      problems.add(
          FromCatalog.problem(
              "auth.clientId",
              "auth.clientId: missing ("
                  + what
                  + " needs the OAuth client registered for"
                  + " Gatehouse at "
                  + o.tokenUrl().getHost()
                  + ")"));
    }
    if (!perUser && !user.has("clientSecret")) {
      problems.add(
          FromCatalog.problem(
              "auth.clientSecret",
              "auth.clientSecret: missing ("
                  + what
                  + " has no authorization URL, so Gatehouse"
                  + " asks for tokens as a client: {\"value\": ...} or {\"secret\": NAME})"));
    }
    for (String key : user.propertyNames()) {
      if (FromCatalog.oauthFields().contains(key)) {
        auth.set(key, user.get(key));
      }
    }
    return auth;
  }
}
