package io.gatehouse.selfmcp;

import io.gatehouse.core.Principal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self server's resources: each catalog server the caller may discover ({@code
 * gatehouse://catalog/{server}}, its versions as the registry shows them) and each route's usage
 * summary over the last day ({@code gatehouse://usage/{route}}), read as the caller.
 */
final class SelfResources {
  static final String CATALOG = "gatehouse://catalog/";
  static final String USAGE = "gatehouse://usage/";
  private static final String JSON_TYPE = "application/json";

  private final Platform platform;

  SelfResources(Platform platform) {
    this.platform = platform;
  }

  /** {@code resources/list}: the catalog servers the caller may discover (up to 100). */
  Outcome list(Principal caller) {
    Outcome o = platform.servers(caller, null, 100);
    if (!(o instanceof Outcome.Ok ok)) {
      return o;
    }
    ObjectNode r = Json.object();
    ArrayNode arr = r.putArray("resources");
    for (JsonNode s : ok.body().path("servers")) {
      ObjectNode res = arr.addObject();
      res.put("uri", CATALOG + s.path("name").asString());
      res.put("name", s.path("name").asString());
      res.put("title", s.path("name").asString() + " " + s.path("version").asString());
      if (!s.path("description").asString("").isEmpty()) {
        res.put("description", s.path("description").asString());
      }
      res.put("mimeType", JSON_TYPE);
    }
    return new Outcome.Ok(r);
  }

  /** {@code resources/templates/list}. */
  static ObjectNode templates() {
    ObjectNode r = Json.object();
    ArrayNode arr = r.putArray("resourceTemplates");
    arr.addObject()
        .put("uriTemplate", CATALOG + "{server}")
        .put("name", "catalog-server")
        .put("title", "A catalog server")
        .put(
            "description",
            "Every version of a catalog server with its deployments, tools and status, as the"
                + " registry shows it to you")
        .put("mimeType", JSON_TYPE);
    arr.addObject()
        .put("uriTemplate", USAGE + "{route}")
        .put("name", "route-usage")
        .put("title", "Usage of a route")
        .put(
            "description",
            "Calls, errors, refusals and latency on a route over the last day, per hour and tool")
        .put("mimeType", JSON_TYPE);
    return r;
  }

  /** {@code resources/read}; null when the URI names no resource of this server. */
  Outcome read(Principal caller, String uri) {
    Outcome o;
    if (uri.startsWith(CATALOG) && uri.length() > CATALOG.length()) {
      o = platform.server(caller, uri.substring(CATALOG.length()));
    } else if (uri.startsWith(USAGE) && uri.length() > USAGE.length()) {
      o = platform.usage(caller, uri.substring(USAGE.length()), null, null, null);
    } else {
      return null;
    }
    if (!(o instanceof Outcome.Ok ok)) {
      return o;
    }
    ObjectNode r = Json.object();
    r.putArray("contents")
        .addObject()
        .put("uri", uri)
        .put("mimeType", JSON_TYPE)
        .put("text", ok.body().toPrettyString());
    return new Outcome.Ok(r);
  }
}
