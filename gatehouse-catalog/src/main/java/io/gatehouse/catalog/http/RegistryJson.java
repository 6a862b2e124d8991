package io.gatehouse.catalog.http;

import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.Environment;
import io.gatehouse.catalog.EnvironmentKind;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.Tool;
import io.gatehouse.catalog.internal.CatalogJson;
import io.gatehouse.catalog.internal.Jsons;
import io.gatehouse.catalog.internal.VersionExtras;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders versions as the registry API's {@code ServerResponse}: the server.json (with {@code
 * remotes} pointing at the gateway when the version is deployed), the official lifecycle {@code
 * _meta}, and the catalog's own {@code _meta} key with deployments, their tools, auth schemes and
 * an access summary.
 */
final class RegistryJson {
  static final String OFFICIAL = "io.modelcontextprotocol.registry/official";
  static final String CATALOG = "io.gatehouse/catalog";

  private final GatewayUrls urls;

  RegistryJson(GatewayUrls urls) {
    this.urls = urls;
  }

  ObjectNode serverResponse(
      ServerVersion v, VersionExtras x, Map<String, Environment> environments) {
    List<Deployment> deployments =
        x.deployments().stream()
            .sorted(
                Comparator.comparing((Deployment d) -> rank(environments.get(d.environment())))
                    .thenComparing(Deployment::route))
            .toList();
    ObjectNode out = Jsons.MAPPER.createObjectNode();
    out.set("server", server(v.document(), deployments));
    ObjectNode meta = out.putObject("_meta");
    meta.set(OFFICIAL, official(v));
    meta.set(CATALOG, catalog(deployments, x, environments));
    return out;
  }

  private ObjectNode server(ObjectNode document, List<Deployment> deployments) {
    if (deployments.isEmpty()) {
      return document;
    }
    ObjectNode copy = document.deepCopy();
    ArrayNode remotes = copy.putArray("remotes");
    deployments.forEach(
        d ->
            remotes
                .addObject()
                .put("type", "streamable-http")
                .put("url", urls.streamable(d.route())));
    return copy;
  }

  static ObjectNode official(ServerVersion v) {
    ObjectNode o = Jsons.MAPPER.createObjectNode().put("status", v.status().wire());
    if (v.statusMessage() != null) {
      o.put("statusMessage", v.statusMessage());
    }
    return o.put("statusChangedAt", v.statusChangedAt().toString())
        .put("publishedAt", v.publishedAt().toString())
        .put("updatedAt", v.updatedAt().toString())
        .put("isLatest", v.latest());
  }

  private ObjectNode catalog(
      List<Deployment> deployments, VersionExtras x, Map<String, Environment> environments) {
    ObjectNode c = Jsons.MAPPER.createObjectNode();
    ArrayNode ds = c.putArray("deployments");
    for (Deployment d : deployments) {
      Environment env = environments.get(d.environment());
      ObjectNode o = ds.addObject().put("environment", d.environment());
      CatalogJson.put(o, "environmentKind", env == null ? null : env.kind().wire());
      o.put("route", d.route())
          .put("url", urls.streamable(d.route()))
          .put("sseUrl", urls.sse(d.route()))
          .put("transport", "streamable-http")
          .put("status", d.status().wire());
      ArrayNode tools = o.putArray("tools");
      for (Tool t : x.tools(d.id())) {
        ObjectNode tool = tools.addObject().put("name", t.name());
        CatalogJson.put(tool, "title", t.title());
        CatalogJson.put(tool, "description", t.description());
      }
    }
    ArrayNode auth = c.putArray("authSchemes");
    x.authSchemes().forEach(a -> auth.add(CatalogJson.authScheme(a.scheme())));
    c.putObject("access")
        .put("restricted", !x.accessRules().isEmpty())
        .put("rules", x.accessRules().size());
    return c;
  }

  /** Production first, then staging, test, dev; unknown environments last. */
  private static int rank(Environment env) {
    return env == null ? 9 : EnvironmentKind.values().length - env.kind().ordinal();
  }
}
