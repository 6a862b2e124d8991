package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AuthScheme;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON shapes shared by the admin API, the registry's {@code _meta} and catalog-as-code files. */
public final class CatalogJson {
  private CatalogJson() {}

  /**
   * The {@code upstream} of a deployment whose upstream Gatehouse provides: {@code {transport:
   * stdio, package, env, cwd}} or {@code {transport: openapi, document, baseUrl, include,
   * exclude}}; the shape {@link Shapes#upstream} reads.
   */
  public static ObjectNode hosted(io.gatehouse.catalog.HostedUpstream h) {
    return switch (h) {
      case io.gatehouse.catalog.HostedPackage p -> hosted(p);
      case io.gatehouse.catalog.HostedApi a -> api(a);
    };
  }

  private static ObjectNode api(io.gatehouse.catalog.HostedApi a) {
    ObjectNode o = Jsons.MAPPER.createObjectNode().put("transport", "openapi");
    o.set("document", a.document());
    put(o, "baseUrl", a.baseUrl() == null ? null : a.baseUrl().toString());
    pick(o, "include", a.include());
    pick(o, "exclude", a.exclude());
    return o;
  }

  private static void pick(ObjectNode o, String field, io.gatehouse.catalog.HostedApi.Pick p) {
    if (p.tags().isEmpty() && p.operations().isEmpty()) {
      return;
    }
    ObjectNode out = o.putObject(field);
    if (!p.tags().isEmpty()) {
      p.tags().forEach(out.putArray("tags")::add);
    }
    if (!p.operations().isEmpty()) {
      p.operations().forEach(out.putArray("operations")::add);
    }
  }

  private static ObjectNode hosted(io.gatehouse.catalog.HostedPackage h) {
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
