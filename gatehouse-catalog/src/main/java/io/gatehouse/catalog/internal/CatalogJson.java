package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AuthScheme;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON shapes shared by the admin API, the registry's {@code _meta} and catalog-as-code files. */
public final class CatalogJson {
  private CatalogJson() {}

  /** {@code {transport: stdio, package, env, cwd}} of a deployment Gatehouse runs. */
  public static ObjectNode hosted(io.gatehouse.catalog.HostedPackage h) {
    ObjectNode o = Jsons.MAPPER.createObjectNode().put("transport", "stdio");
    put(o, "package", h.identifier());
    if (!h.env().isEmpty()) {
      ObjectNode env = o.putObject("env");
      new java.util.TreeMap<>(h.env()).forEach(env::put);
    }
    put(o, "cwd", h.cwd());
    return o;
  }

  /**
   * An auth scheme as {@code {name, type, ...variant fields, description}}; the shape {@link
   * Shapes#authScheme} reads.
   */
  public static ObjectNode authScheme(AuthScheme s) {
    ObjectNode o = Jsons.MAPPER.createObjectNode().put("name", s.name()).put("type", s.type());
    switch (s) {
      case AuthScheme.ApiKey k ->
          o.put("in", k.in().name().toLowerCase(Locale.ROOT)).put("parameter", k.parameter());
      case AuthScheme.OAuth2 a -> {
        put(
            o,
            "authorizationUrl",
            a.authorizationUrl() == null ? null : a.authorizationUrl().toString());
        o.put("tokenUrl", a.tokenUrl().toString());
        ArrayNode scopes = o.putArray("scopes");
        a.scopes().forEach(scopes::add);
        put(o, "clientId", a.clientId());
      }
      case AuthScheme.HttpBearer b -> put(o, "bearerFormat", b.bearerFormat());
    }
    put(o, "description", s.description());
    return o;
  }

  /** Sets a string or instant field, leaving it out when the value is null. */
  public static void put(ObjectNode o, String field, Object value) {
    if (value instanceof String s) {
      o.put(field, s);
    } else if (value instanceof Instant t) {
      o.put(field, t.toString());
    }
  }
}
