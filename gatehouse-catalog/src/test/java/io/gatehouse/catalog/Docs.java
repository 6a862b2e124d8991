package io.gatehouse.catalog;

import tools.jackson.databind.node.ObjectNode;

/** Small valid server.json documents for tests. */
final class Docs {
  private Docs() {}

  static ObjectNode server(String name, String version) {
    return server(name, version, "Tools for " + name);
  }

  static ObjectNode server(String name, String version, String description) {
    return SharedRegistry.JSON
        .createObjectNode()
        .put(
            "$schema",
            "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json")
        .put("name", name)
        .put("description", description)
        .put("version", version);
  }

  static ObjectNode withRemote(String name, String version, String url) {
    ObjectNode doc = server(name, version);
    doc.putArray("remotes").addObject().put("type", "streamable-http").put("url", url);
    return doc;
  }
}
