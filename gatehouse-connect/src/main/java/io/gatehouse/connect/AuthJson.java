package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.RouteName;
import io.gatehouse.core.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection's {@code auth} as JSON, read from the admin API or the store and written back. A
 * secret given inline ({@code {"value": ...}}) is collected for the vault as {@code
 * connection.<name>.<slot>} and the auth keeps its name; nothing here ever holds a value after
 * that.
 */
final class AuthJson {
  private AuthJson() {}

  static final String OWN_SECRETS = "connection.";

  /** Headers of the transport and the protocol, which a credential may not set. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "host",
          "connection",
          "content-length",
          "content-type",
          "accept",
          "expect",
          "upgrade",
          "transfer-encoding",
          "te",
          "trailer",
          "keep-alive",
          "mcp-session-id",
          "mcp-protocol-version",
          "last-event-id");

  /** Checks a URL an auth points Gatehouse at (a token endpoint): https, or http to loopback. */
  interface UrlCheck {
    URI check(String field, String text);
  }

  /** Reads the admin API's {@code auth}; inline secret values go into {@code inline}. */
  static ConnectionAuth parse(
      String project,
      String name,
      URI url,
      JsonNode auth,
      Map<String, Secret> inline,
      UrlCheck urls) {
    if (auth.isMissingNode() || auth.isNull()) {
      return new ConnectionAuth.None();
    }
    String type = text(auth, "type");
    return switch (type == null ? "" : type) {
      case "none" -> new ConnectionAuth.None();
      case "key" -> key(name, auth, inline);
      case "oauth-client-credentials" -> clientCredentials(name, auth, inline, urls);
      case "workload" -> workload(project, url, auth, urls);
      case "oauth-user" -> userOAuth(name, url, auth, inline, urls);
      default ->
          throw invalid(
              "auth.type: '"
                  + type
                  + "' (expected: none, key, oauth-client-credentials, oauth-user or"
                  + " workload)");
    };
  }

  private static ConnectionAuth.Key key(String name, JsonNode auth, Map<String, Secret> inline) {
    Map<String, String> headers = templates(name, "header", auth.path("headers"), inline);
    Map<String, String> query = templates(name, "query", auth.path("query"), inline);
    if (headers.isEmpty() && query.isEmpty()) {
      throw invalid("auth: type key needs headers or query, each with at least one value");
    }
    for (String h : headers.keySet()) {
      if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw invalid("auth.headers: '" + h + "' is not a header name");
      }
      String lower = h.toLowerCase(Locale.ROOT);
      if (RESERVED_HEADERS.contains(lower) || lower.startsWith("proxy-")) {
        throw invalid("auth.headers: '" + h + "' is set by Gatehouse itself, not by a credential");
      }
    }
    return new ConnectionAuth.Key(
        headers, query, duration("auth.overlap", text(auth, "overlap")), instant(auth));
  }

  /** {@code 30m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT1H}); null when absent. */
  static java.time.Duration duration(String field, String text) {
    if (text == null) {
      return null;
    }
    var m = java.util.regex.Pattern.compile("(\\d{1,6})([smhd])").matcher(text.trim());
    try {
      java.time.Duration d =
          m.matches()
              ? java.time.Duration.of(
                  Long.parseLong(m.group(1)),
                  switch (m.group(2)) {
                    case "s" -> java.time.temporal.ChronoUnit.SECONDS;
                    case "m" -> java.time.temporal.ChronoUnit.MINUTES;
                    case "h" -> java.time.temporal.ChronoUnit.HOURS;
                    default -> java.time.temporal.ChronoUnit.DAYS;
                  })
              : java.time.Duration.parse(text.trim());
      if (!d.isNegative()) {
        return d;
      }
    } catch (java.time.format.DateTimeParseException e) {
      // named below
    }
    throw invalid(field + ": '" + text + "' (expected: a duration such as 30m, 2h, 7d or PT1H)");
  }

  /**
   * {@code auth.expiresAt}: a date ({@code 2027-01-31}, the start of that day in UTC) or an
   * instant.
   */
  private static java.time.Instant instant(JsonNode auth) {
    String text = text(auth, "expiresAt");
    if (text == null) {
      return null;
    }
    try {
      return text.length() == 10
          ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
          : java.time.Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid(
          "auth.expiresAt: '" + text + "' (expected: a date such as 2027-01-31 or an instant)");
    }
  }

  private static ConnectionAuth.ClientCredentials clientCredentials(
      String name, JsonNode auth, Map<String, Secret> inline, UrlCheck urls) {
    URI tokenUrl = urls.check("auth.tokenUrl", text(auth, "tokenUrl"));
    String clientId = text(auth, "clientId");
    if (clientId == null || clientId.isBlank()) {
      throw invalid("auth.clientId: missing (expected: the client id the token endpoint knows)");
    }
    String method =
        text(auth, "method") == null
            ? ConnectionAuth.ClientCredentials.BASIC
            : text(auth, "method");
    if (!List.of(
            ConnectionAuth.ClientCredentials.BASIC,
            ConnectionAuth.ClientCredentials.POST,
            ConnectionAuth.ClientCredentials.PRIVATE_KEY_JWT)
        .contains(method)) {
      throw invalid(
          "auth.method: '"
              + method
              + "' (expected: client_secret_basic, client_secret_post or private_key_jwt)");
    }
    boolean keyed = method.equals(ConnectionAuth.ClientCredentials.PRIVATE_KEY_JWT);
    if (keyed && auth.path("privateKey").path("value").isString()) {
      OptionsJson.privateKey(
          "auth.privateKey", auth.path("privateKey").path("value").stringValue());
    }
    String secret =
        keyed
            ? secretRef(name, "private-key", "auth.privateKey", auth, inline)
            : secretRef(name, "client-secret", "auth.clientSecret", auth, inline);
    return new ConnectionAuth.ClientCredentials(
        tokenUrl,
        clientId,
        secret,
        method,
        scopes(auth),
        text(auth, "resource"),
        text(auth, "audience"),
        keyed ? text(auth, "keyId") : null,
        keyed ? text(auth, "assertionAudience") : null);
  }

  private static ConnectionAuth.UserOAuth userOAuth(
      String name, URI url, JsonNode auth, Map<String, Secret> inline, UrlCheck urls) {
    boolean discover = auth.path("discover").asBoolean(false);
    if (discover
        && (text(auth, "authorizationUrl") != null
            || text(auth, "tokenUrl") != null
            || text(auth, "refreshUrl") != null)) {
      throw invalid(
          "auth.discover: true finds the authorization server from the upstream's metadata; give"
              + " no authorizationUrl, tokenUrl or refreshUrl with it");
    }
    URI authorize =
        discover ? null : urls.check("auth.authorizationUrl", text(auth, "authorizationUrl"));
    URI token = discover ? null : urls.check("auth.tokenUrl", text(auth, "tokenUrl"));
    URI refresh =
        discover || text(auth, "refreshUrl") == null
            ? token
            : urls.check("auth.refreshUrl", text(auth, "refreshUrl"));
    String clientId = text(auth, "clientId");
    if (!discover && (clientId == null || clientId.isBlank())) {
      throw invalid(
          "auth.clientId: missing (expected: the client id registered for Gatehouse, or"
              + " discover: true to find the server and register a client)");
    }
    boolean confidential = !auth.path("clientSecret").isMissingNode();
    String secret =
        confidential ? secretRef(name, "client-secret", "auth.clientSecret", auth, inline) : null;
    String method = text(auth, "method");
    if (method == null) {
      method =
          confidential ? ConnectionAuth.ClientCredentials.BASIC : ConnectionAuth.UserOAuth.NONE;
    }
    if (!(confidential
            ? List.of(ConnectionAuth.ClientCredentials.BASIC, ConnectionAuth.ClientCredentials.POST)
            : List.of(ConnectionAuth.UserOAuth.NONE))
        .contains(method)) {
      throw invalid(
          "auth.method: '"
              + method
              + "' (expected: "
              + (confidential
                  ? "client_secret_basic or client_secret_post with a clientSecret"
                  : "none without a clientSecret")
              + ")");
    }
    String resource = text(auth, "resource");
    if (discover && clientId == null && confidential) {
      throw invalid("auth.clientSecret: a secret needs its clientId");
    }
    return new ConnectionAuth.UserOAuth(
        authorize,
        token,
        refresh,
        clientId,
        secret,
        method,
        scopes(auth),
        discover ? null : resource == null ? url.toString() : resource);
  }

  private static ConnectionAuth.Workload workload(
      String project, URI url, JsonNode auth, UrlCheck urls) {
    String identity = text(auth, "identity");
    String subject;
    if (identity == null || identity.equals("project") || identity.equals("project:" + project)) {
      subject = "project:" + project;
    } else if (identity.equals(ConnectionAuth.Workload.CALLING_AGENT)) {
      subject = ConnectionAuth.Workload.CALLING_AGENT; // chosen per call, from the calling agent
    } else if (identity.startsWith("agent:") && agent(project, identity.substring(6)) != null) {
      // an agent's subject names its project: no project can speak as another's agent
      subject = "agent:" + project + "/" + agent(project, identity.substring(6));
    } else {
      throw invalid(
          "auth.identity: '"
              + identity
              + "' (expected: project, for this connection's project; agent, for the agent"
              + " making each call; or agent:NAME)");
    }
    String audience = text(auth, "audience");
    ConnectionAuth.Exchange exchange = exchange(auth.path("exchange"), urls);
    if (exchange != null && subject.equals(ConnectionAuth.Workload.CALLING_AGENT)) {
      throw invalid(
          "auth.exchange: not with identity agent (expected: no exchange; the identity changes"
              + " with the calling agent, and an exchange's client is one identity)");
    }
    if (exchange != null && !exchange.clientId().equals(subject)) {
      // Gatehouse signs every project's assertions with one key: the client must be the identity
      throw invalid(
          "auth.exchange.clientId: '"
              + exchange.clientId()
              + "' (expected: '"
              + subject
              + "', the identity itself: register its client under that id, so that no"
              + " project can ask for another's tokens)");
    }
    return new ConnectionAuth.Workload(
        subject, audience == null ? url.toString() : audience, exchange);
  }

  /** {@code exchange}: a token URL and client id, optional scopes, resource and audience. */
  private static ConnectionAuth.Exchange exchange(JsonNode e, UrlCheck urls) {
    if (e.isMissingNode() || e.isNull()) {
      return null;
    }
    String clientId = text(e, "clientId");
    if (clientId == null || clientId.isBlank()) {
      throw invalid("auth.exchange.clientId: missing (expected: the identity's client id there)");
    }
    return new ConnectionAuth.Exchange(
        urls.check("auth.exchange.tokenUrl", text(e, "tokenUrl")),
        clientId,
        scopes(e),
        text(e, "resource"),
        text(e, "audience"),
        text(e, "assertionAudience"));
  }

  private static List<String> scopes(JsonNode auth) {
    List<String> scopes = new ArrayList<>();
    JsonNode s = auth.path("scopes");
    if (s.isMissingNode() || s.isNull()) {
      return scopes;
    }
    if (!s.isArray()) {
      throw invalid("auth.scopes: expected a list of scope names");
    }
    for (JsonNode scope : s) {
      if (!scope.isString() || !scope.stringValue().matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
        throw invalid("auth.scopes: '" + scope + "' is not a scope (RFC 6749 §3.3)");
      }
      scopes.add(scope.stringValue());
    }
    return scopes;
  }

  /** The agent's name in {@code NAME} or {@code PROJECT/NAME} (this project only), or null. */
  private static String agent(String project, String name) {
    String n = name.startsWith(project + "/") ? name.substring(project.length() + 1) : name;
    return RouteName.isValid(n) ? n : null;
  }

  /**
   * {@code {"value": ...}} (kept in the vault under the connection) or {@code {"secret": NAME}}.
   */
  private static String secretRef(
      String name, String slot, String field, JsonNode auth, Map<String, Secret> inline) {
    JsonNode v = auth.path(field.substring(field.indexOf('.') + 1));
    if (v.isObject() && v.size() == 1 && v.path("value").isString()) {
      String value = v.get("value").stringValue();
      if (value.isEmpty()) {
        throw invalid(field + ": the value is empty");
      }
      String secret = OWN_SECRETS + name + "." + slot;
      inline.put(secret, Secret.of(value));
      return secret;
    }
    if (v.isObject() && v.size() == 1 && v.path("secret").isString()) {
      return referable(name, field, v.get("secret").stringValue());
    }
    throw invalid(field + ": expected {\"value\": \"...\"} or {\"secret\": \"NAME\"}");
  }

  /**
   * A secret a connection may refer to: any of its project's, but not another connection's own
   * secrets, and never the per-user tokens and client registrations Gatehouse keeps (a reference
   * would send them wherever the connection points).
   */
  static String referable(String connection, String field, String secret) {
    if (secret.startsWith(OWN_SECRETS)) {
      String rest = secret.substring(OWN_SECRETS.length());
      int dot = rest.indexOf('.');
      String owner = dot < 0 ? rest : rest.substring(0, dot);
      String slot = dot < 0 ? "" : rest.substring(dot + 1);
      if (!owner.equals(connection)) {
        throw invalid(field + ": '" + secret + "' belongs to connection '" + owner + "'");
      }
      if (slot.startsWith("user.") || slot.equals("registered-client")) {
        throw invalid(
            field
                + ": '"
                + secret
                + "' holds a user's tokens or Gatehouse's client registration,"
                + " which nothing may refer to");
      }
    }
    return secret;
  }

  /**
   * Each value a template string or {@code {"value": ...}} (kept in the vault) or {@code {"secret":
   * NAME}}.
   */
  private static Map<String, String> templates(
      String name, String slot, JsonNode node, Map<String, Secret> inline) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw invalid("auth." + slot + ": expected an object of names to values");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      String field = "auth." + slot + "." + e.getKey();
      if (v.isString()) {
        if (v.stringValue().indexOf('\r') >= 0 || v.stringValue().indexOf('\n') >= 0) {
          throw invalid(field + ": a value cannot hold a line break");
        }
        io.gatehouse.policy.UpstreamSecrets.REFERENCE
            .matcher(v.stringValue())
            .results()
            .forEach(m -> referable(name, field, m.group(1)));
        out.put(e.getKey(), v.stringValue());
      } else if (v.isObject() && v.size() == 1 && v.path("value").isString()) {
        String value = v.get("value").stringValue();
        if (value.isEmpty() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
          throw invalid(field + ": the value must be one line, not empty");
        }
        String secret =
            OWN_SECRETS
                + name
                + "."
                + slot
                + "."
                + e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        inline.put(secret, Secret.of(value));
        out.put(e.getKey(), "${secret:" + secret + "}");
      } else if (v.isObject() && v.size() == 1 && v.path("secret").isString()) {
        out.put(
            e.getKey(), "${secret:" + referable(name, field, v.get("secret").stringValue()) + "}");
      } else {
        throw invalid(
            field + ": expected a string, {\"value\": \"...\"} or {\"secret\": \"NAME\"}");
      }
    }
    return out;
  }

  /** The auth as the store keeps it and the admin API shows it: secrets by name, never a value. */
  static ObjectNode json(ConnectionAuth auth) {
    ObjectNode n = Connections.JSON.createObjectNode().put("type", auth.type());
    switch (auth) {
      case ConnectionAuth.None none -> {}
      case ConnectionAuth.Key k -> {
        ObjectNode h = n.putObject("headers");
        k.headers().forEach(h::put);
        ObjectNode q = n.putObject("query");
        k.query().forEach(q::put);
        if (!k.overlap().isZero()) {
          n.put("overlap", k.overlap().toString());
        }
        if (k.expiresAt() != null) {
          n.put("expiresAt", k.expiresAt().toString());
        }
      }
      case ConnectionAuth.ClientCredentials cc -> {
        n.put("tokenUrl", cc.tokenUrl().toString()).put("clientId", cc.clientId());
        boolean keyed = ConnectionAuth.ClientCredentials.PRIVATE_KEY_JWT.equals(cc.method());
        n.putObject(keyed ? "privateKey" : "clientSecret").put("secret", cc.clientSecret());
        n.put("method", cc.method());
        if (cc.keyId() != null) {
          n.put("keyId", cc.keyId());
        }
        if (cc.assertionAudience() != null) {
          n.put("assertionAudience", cc.assertionAudience());
        }
        var scopes = n.putArray("scopes");
        cc.scopes().forEach(scopes::add);
        if (cc.resource() != null) {
          n.put("resource", cc.resource());
        }
        if (cc.audience() != null) {
          n.put("audience", cc.audience());
        }
      }
      case ConnectionAuth.Workload w -> {
        n.put("identity", w.identity()).put("audience", w.audience());
        if (w.exchange() != null) {
          ObjectNode e = n.putObject("exchange");
          e.put("tokenUrl", w.exchange().tokenUrl().toString())
              .put("clientId", w.exchange().clientId());
          var scopes = e.putArray("scopes");
          w.exchange().scopes().forEach(scopes::add);
          if (w.exchange().resource() != null) {
            e.put("resource", w.exchange().resource());
          }
          if (w.exchange().audience() != null) {
            e.put("audience", w.exchange().audience());
          }
          if (w.exchange().assertionAudience() != null) {
            e.put("assertionAudience", w.exchange().assertionAudience());
          }
        }
      }
      case ConnectionAuth.UserOAuth u -> {
        if (u.discovered()) {
          n.put("discover", true);
        } else {
          n.put("authorizationUrl", u.authorizationUrl().toString());
          n.put("tokenUrl", u.tokenUrl().toString()).put("refreshUrl", u.refreshUrl().toString());
        }
        if (u.clientId() != null) {
          n.put("clientId", u.clientId());
        }
        if (u.clientSecret() != null) {
          n.putObject("clientSecret").put("secret", u.clientSecret());
        }
        n.put("method", u.method());
        var scopes = n.putArray("scopes");
        u.scopes().forEach(scopes::add);
        if (u.resource() != null) {
          n.put("resource", u.resource());
        }
      }
    }
    return n;
  }

  /** Reads what {@link #json} wrote. */
  static ConnectionAuth read(JsonNode a) {
    return switch (a.path("type").asString("none")) {
      case "key" ->
          new ConnectionAuth.Key(
              strings(a.path("headers")),
              strings(a.path("query")),
              duration("auth.overlap", text(a, "overlap")),
              text(a, "expiresAt") == null ? null : java.time.Instant.parse(text(a, "expiresAt")));
      case "oauth-client-credentials" -> {
        List<String> scopes = scopeList(a);
        yield new ConnectionAuth.ClientCredentials(
            URI.create(a.path("tokenUrl").asString()),
            a.path("clientId").asString(),
            a.has("privateKey")
                ? a.path("privateKey").path("secret").asString()
                : a.path("clientSecret").path("secret").asString(),
            a.path("method").asString(),
            scopes,
            text(a, "resource"),
            text(a, "audience"),
            text(a, "keyId"),
            text(a, "assertionAudience"));
      }
      case "workload" -> {
        JsonNode e = a.path("exchange");
        yield new ConnectionAuth.Workload(
            a.path("identity").asString(),
            a.path("audience").asString(),
            e.isObject()
                ? new ConnectionAuth.Exchange(
                    URI.create(e.path("tokenUrl").asString()),
                    e.path("clientId").asString(),
                    scopeList(e),
                    text(e, "resource"),
                    text(e, "audience"),
                    text(e, "assertionAudience"))
                : null);
      }
      case "oauth-user" ->
          new ConnectionAuth.UserOAuth(
              a.path("discover").asBoolean(false)
                  ? null
                  : URI.create(a.path("authorizationUrl").asString()),
              a.path("discover").asBoolean(false)
                  ? null
                  : URI.create(a.path("tokenUrl").asString()),
              a.path("discover").asBoolean(false)
                  ? null
                  : URI.create(a.path("refreshUrl").asString()),
              text(a, "clientId"),
              a.path("clientSecret").isObject()
                  ? a.path("clientSecret").path("secret").asString()
                  : null,
              a.path("method").asString(),
              scopeList(a),
              text(a, "resource"));
      default -> new ConnectionAuth.None();
    };
  }

  private static List<String> scopeList(JsonNode a) {
    List<String> scopes = new ArrayList<>();
    a.path("scopes").forEach(s -> scopes.add(s.asString()));
    return scopes;
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
    return out;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isString() ? v.stringValue() : null;
  }

  static GatehouseException invalid(String message) {
    return new GatehouseException(ConnectErrors.INVALID_CONNECTION, message);
  }
}
