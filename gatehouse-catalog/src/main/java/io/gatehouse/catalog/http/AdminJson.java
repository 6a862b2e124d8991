package io.gatehouse.catalog.http;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AttachedAuthScheme;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.Environment;
import io.gatehouse.catalog.Tool;
import io.gatehouse.catalog.ToolMatch;
import io.gatehouse.catalog.internal.CatalogJson;
import io.gatehouse.catalog.internal.Jsons;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The admin API's JSON shapes. Fields with no value are left out rather than written as null. */
final class AdminJson {
  private final GatewayUrls urls;

  AdminJson(GatewayUrls urls) {
    this.urls = urls;
  }

  static ObjectNode environment(Environment e) {
    ObjectNode o =
        Jsons.MAPPER.createObjectNode().put("name", e.name()).put("kind", e.kind().wire());
    CatalogJson.put(o, "description", e.description());
    return o.put("createdAt", e.createdAt().toString()).put("updatedAt", e.updatedAt().toString());
  }

  ObjectNode deployment(Deployment d) {
    ObjectNode o =
        Jsons.MAPPER
            .createObjectNode()
            .put("id", d.id())
            .put("server", d.version().server())
            .put("version", d.version().version())
            .put("environment", d.environment())
            .put("project", d.project())
            .put("route", d.route())
            .put("url", urls.streamable(d.route()));
    if (d.hosted() != null) {
      ObjectNode up = CatalogJson.hosted(d.hosted()).put("url", d.upstreamUrl().toString());
      if (up.remove("document") instanceof ObjectNode doc) {
        // the document can be large: its title here, the whole of it in the catalog's export
        up.put("title", doc.path("info").path("title").asString(""));
      }
      o.set("upstream", up);
    } else {
      o.putObject("upstream")
          .put("url", d.upstreamUrl().toString())
          .put("transport", d.transport().configName());
    }
    CatalogJson.put(o, "connection", d.connection());
    o.put("status", d.status().wire());
    if (d.errorCode() != null) {
      o.putObject("error").put("code", d.errorCode()).put("message", d.errorMessage());
    }
    CatalogJson.put(o, "toolsDiscoveredAt", d.toolsDiscoveredAt());
    return o.put("createdAt", d.createdAt().toString()).put("updatedAt", d.updatedAt().toString());
  }

  static ObjectNode attachedAuthScheme(AttachedAuthScheme a) {
    ObjectNode o =
        Jsons.MAPPER
            .createObjectNode()
            .put("id", a.id())
            .put("server", a.version().server())
            .put("version", a.version().version());
    o.setAll(CatalogJson.authScheme(a.scheme()));
    return o.put("createdAt", a.createdAt().toString());
  }

  static ObjectNode accessRule(AccessRule r) {
    ObjectNode o =
        Jsons.MAPPER
            .createObjectNode()
            .put("id", r.id())
            .put("server", r.version().server())
            .put("version", r.version().version())
            .put("principal", r.principal());
    ArrayNode actions = o.putArray("actions");
    r.actions().stream().sorted().forEach(a -> actions.add(a.wire()));
    return o.put("createdAt", r.createdAt().toString());
  }

  static ObjectNode tool(Tool t) {
    ObjectNode o = Jsons.MAPPER.createObjectNode().put("name", t.name());
    CatalogJson.put(o, "title", t.title());
    CatalogJson.put(o, "description", t.description());
    o.set("inputSchema", t.inputSchema());
    if (t.annotations() != null) {
      o.set("annotations", t.annotations());
    }
    return o;
  }

  ObjectNode toolMatch(ToolMatch m) {
    ObjectNode o = tool(m.tool());
    o.put("server", m.version().server())
        .put("version", m.version().version())
        .put("environment", m.environment())
        .put("deploymentId", m.deploymentId())
        .put("route", m.route())
        .put("url", urls.streamable(m.route()));
    return o;
  }

  static ObjectNode list(String field, Iterable<? extends JsonNode> items) {
    ObjectNode o = Jsons.MAPPER.createObjectNode();
    ArrayNode a = o.putArray(field);
    items.forEach(a::add);
    return o;
  }
}
