package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AuthScheme;
import io.gatehouse.catalog.DeploymentTransport;
import io.gatehouse.catalog.EnvironmentKind;
import io.gatehouse.catalog.HostedApi;
import io.gatehouse.catalog.HostedPackage;
import io.gatehouse.catalog.HostedUpstream;
import io.gatehouse.catalog.Tool;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The JSON shapes the admin API accepts and catalog-as-code files use, read field by field. Each
 * method returns the value, or null after recording on {@code f} every problem that stops it.
 */
public final class Shapes {
  public static final Map<String, EnvironmentKind> KINDS =
      spellings(EnvironmentKind.values(), EnvironmentKind::wire);
  public static final Map<String, DeploymentTransport> TRANSPORTS =
      spellings(DeploymentTransport.values(), DeploymentTransport::configName);
  static final Map<String, AuthScheme.Location> LOCATIONS =
      Map.of("header", AuthScheme.Location.HEADER, "query", AuthScheme.Location.QUERY);
  static final Map<String, AccessRule.Action> ACTIONS =
      Map.of("discover", AccessRule.Action.DISCOVER, "use", AccessRule.Action.USE);

  private Shapes() {}

  /**
   * {@code {url, transport}} of a deployment's upstream, or {@code {transport: stdio, package, env,
   * cwd}} of one Gatehouse runs ({@code hosted}; {@code url} null).
   */
  public record Upstream(URI url, DeploymentTransport transport, HostedUpstream hosted) {
    public Upstream(URI url, DeploymentTransport transport) {
      this(url, transport, null);
    }
  }

  public static Upstream upstream(Fields f) {
    if (f == null) {
      return null;
    }
    if (f.raw("transport") != null && "stdio".equals(f.raw("transport").asString(""))) {
      return hosted(f);
    }
    if (f.raw("transport") != null && "openapi".equals(f.raw("transport").asString(""))) {
      return api(f);
    }
    f.allowOnly("url", "transport");
    URI url = f.url("url", true);
    DeploymentTransport t =
        f.raw("transport") == null
            ? DeploymentTransport.AUTO
            : f.choice("transport", true, TRANSPORTS);
    return url == null || t == null ? null : new Upstream(url, t);
  }

  /**
   * {@code {transport: openapi, document, baseUrl, include, exclude}}: a REST API served as tools;
   * the document itself is read when the deployment is written.
   */
  private static Upstream api(Fields f) {
    f.allowOnly("transport", "document", "baseUrl", "include", "exclude");
    JsonNode doc = f.raw("document");
    if (doc == null || !doc.isObject()) {
      f.problem(
          f.at("document"),
          doc == null ? "missing-field" : "type",
          (doc == null ? "missing" : "not an object")
              + " (expected: the OpenAPI 3.0 or 3.1 document, as JSON)");
    }
    URI base = f.raw("baseUrl") == null ? null : f.url("baseUrl", false);
    HostedApi.Pick include = pick(f.object("include", false));
    HostedApi.Pick exclude = pick(f.object("exclude", false));
    return doc == null || !doc.isObject()
        ? null
        : new Upstream(
            null,
            DeploymentTransport.OPENAPI,
            new HostedApi((tools.jackson.databind.node.ObjectNode) doc, base, include, exclude));
  }

  private static HostedApi.Pick pick(Fields f) {
    if (f == null) {
      return HostedApi.Pick.NONE;
    }
    f.allowOnly("tags", "operations");
    return new HostedApi.Pick(f.strings("tags"), f.strings("operations"));
  }

  /** {@code {transport: stdio, package, env, cwd}}: the version's npm package, run by Gatehouse. */
  private static Upstream hosted(Fields f) {
    f.allowOnly("transport", "package", "env", "cwd");
    String identifier = f.text("package", false);
    String cwd = f.text("cwd", false);
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode raw = f.raw("env");
    if (raw != null && !raw.isObject()) {
      f.problem(f.at("env"), "type", "not an object (expected: variable names to strings)");
    } else if (raw != null) {
      for (Map.Entry<String, JsonNode> e : raw.properties()) {
        if (!e.getValue().isString() || !e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          f.problem(
              f.at("env") + "." + e.getKey(),
              "invalid-value",
              "expected a variable name of letters, digits and _, and a string value");
        } else if (e.getKey().toUpperCase(java.util.Locale.ROOT).startsWith("GATEHOUSE_")) {
          f.problem(
              f.at("env") + "." + e.getKey(),
              "reserved",
              "Gatehouse's own settings never reach a child process (expected: a name not"
                  + " starting with GATEHOUSE_)");
        } else {
          env.put(e.getKey(), e.getValue().asString());
        }
      }
    }
    if (cwd != null && !cwd.startsWith("/")) {
      f.problem(f.at("cwd"), "invalid-value", "'" + cwd + "' (expected: an absolute path)");
    }
    return new Upstream(null, DeploymentTransport.STDIO, new HostedPackage(identifier, env, cwd));
  }

  /**
   * Records a problem unless exactly one of {@code upstream} and {@code connection} is given: a
   * deployment's upstream is its own or its connection's.
   */
  public static void upstreamOrConnection(Fields f) {
    boolean upstream = f.raw("upstream") != null;
    if (upstream == (f.raw("connection") != null)) {
      f.problem(
          f.at("upstream") + ", " + f.at("connection"),
          "one-of",
          (upstream ? "both are given" : "neither is given")
              + " (expected: either upstream {url, transport} or connection, the name of a"
              + " connection of the deployment's project)");
    }
  }

  /**
   * {@code {name, type, ...}}: api-key (in, parameter), oauth2 (authorizationUrl, tokenUrl,
   * scopes), http-bearer (bearerFormat).
   */
  public static AuthScheme authScheme(Fields f, String... extraFields) {
    String name = f.text("name", true);
    String type =
        f.choice(
            "type",
            true,
            Map.of("api-key", "api-key", "oauth2", "oauth2", "http-bearer", "http-bearer"));
    String description = f.text("description", false);
    if (type == null) {
      return null;
    }
    List<String> common = List.of("name", "type", "description");
    AuthScheme s =
        switch (type) {
          case "api-key" -> {
            allow(f, common, extraFields, "in", "parameter");
            AuthScheme.Location in = f.choice("in", true, LOCATIONS);
            String parameter = f.text("parameter", true);
            yield name == null || in == null || parameter == null
                ? null
                : new AuthScheme.ApiKey(name, in, parameter, description);
          }
          case "oauth2" -> {
            allow(f, common, extraFields, "authorizationUrl", "tokenUrl", "scopes", "clientId");
            URI authorize = f.url("authorizationUrl", false);
            URI token = f.url("tokenUrl", true);
            List<String> scopes = f.strings("scopes");
            String clientId = f.text("clientId", false);
            yield name == null || token == null
                ? null
                : new AuthScheme.OAuth2(name, authorize, token, scopes, description, clientId);
          }
          default -> {
            allow(f, common, extraFields, "bearerFormat");
            String format = f.text("bearerFormat", false);
            yield name == null ? null : new AuthScheme.HttpBearer(name, format, description);
          }
        };
    return s;
  }

  /** {@code actions: [discover, use]}. */
  public static Set<AccessRule.Action> actions(Fields f) {
    Set<AccessRule.Action> out = EnumSet.noneOf(AccessRule.Action.class);
    List<String> raw = f.strings("actions");
    for (int i = 0; i < raw.size(); i++) {
      AccessRule.Action a = ACTIONS.get(raw.get(i));
      if (a == null) {
        f.problem(
            f.at("actions") + "[" + i + "]",
            "invalid-value",
            "'" + raw.get(i) + "' (expected: discover or use)");
      } else {
        out.add(a);
      }
    }
    if (raw.isEmpty()) {
      f.problem(
          f.at("actions"),
          "missing-field",
          "missing or empty (expected: [discover], [use] or [discover, use])");
    }
    return out;
  }

  /** A tool as {@code tools/list} lists it. */
  public static Tool tool(Fields f) {
    String name = f.text("name", true);
    var schema = f.raw("inputSchema");
    if (schema == null || !schema.isObject()) {
      f.problem(
          f.at("inputSchema"),
          "missing-field",
          "missing (expected: the tool's JSON Schema object)");
      return null;
    }
    return name == null
        ? null
        : new Tool(
            name,
            f.text("title", false),
            f.text("description", false),
            schema,
            f.raw("annotations"));
  }

  private static void allow(Fields f, List<String> common, String[] extra, String... specific) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(extra));
    all.addAll(List.of(specific));
    f.allowOnly(all.toArray(String[]::new));
  }

  private static <E> Map<String, E> spellings(E[] values, Function<E, String> wire) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E v : values) {
      m.put(wire.apply(v), v);
    }
    return Map.copyOf(m);
  }
}
