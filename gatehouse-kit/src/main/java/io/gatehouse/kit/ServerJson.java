package io.gatehouse.kit;

import static java.util.Objects.requireNonNull;

import io.gatehouse.kit.internal.KitJson;
import java.net.URI;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code server.json} (MCP registry schema) of a kit server: its registry name, description and
 * build version, one {@code streamable-http} remote at the URL it is reached on with its key header
 * marked required and secret, and its tools under the publisher-provided {@code _meta}.
 */
public final class ServerJson {
  /** The registry schema the document declares. */
  public static final String SCHEMA =
      "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

  /** Where the kit writes the tools, inside {@code _meta}'s publisher-provided object. */
  public static final String META_KEY = "io.gatehouse/kit";

  private ServerJson() {}

  /** The document for {@code definition} served at {@code url} (its MCP endpoint). */
  public static ObjectNode of(KitServer.Definition definition, URI url) {
    requireNonNull(definition, "definition");
    requireNonNull(url, "url");
    ObjectNode doc = KitJson.MAPPER.createObjectNode();
    doc.put("$schema", SCHEMA);
    doc.put("name", definition.registryName());
    doc.put("title", definition.name());
    doc.put("description", definition.description());
    doc.put("version", definition.version());
    ObjectNode remote = doc.putArray("remotes").addObject();
    remote.put("type", "streamable-http");
    remote.put("url", url.toString());
    ObjectNode header = remote.putArray("headers").addObject();
    header.put("name", definition.keyHeader());
    header.put("description", "One of the server's keys (x-functions-key is accepted too)");
    header.put("isRequired", true);
    header.put("isSecret", true);
    ObjectNode kit =
        doc.putObject("_meta")
            .putObject("io.modelcontextprotocol.registry/publisher-provided")
            .putObject(META_KEY);
    ArrayNode tools = kit.putArray("tools");
    for (KitServer.ToolInfo t : definition.tools()) {
      ObjectNode tool = tools.addObject();
      tool.put("name", t.name());
      tool.put("description", t.description());
    }
    return doc;
  }
}
