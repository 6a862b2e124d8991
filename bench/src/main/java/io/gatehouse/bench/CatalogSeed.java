package io.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a catalog-as-code document (the format {@code gatehouse catalog import} reads,
 * docs/catalog.md) with N servers, so the catalog benchmark runs against a real process seeded the
 * way users seed it. Each server has one version and a streamable-http remote; {@link #COMMON_WORD}
 * is in every 8th description and {@link #UNIQUE_WORD} in exactly one, so {@link CatalogLoad} can
 * time a broad and a needle-in-a-haystack search. The document is JSON, which the importer reads as
 * YAML.
 *
 * <p>Usage: {@code CatalogSeed [--count N] --out FILE}.
 */
public final class CatalogSeed {
  static final String NAMESPACE = "io.gatehouse.bench";
  static final String VERSION = "1.0.0";

  /** Found as a substring of every 8th description and of nothing else. */
  static final String COMMON_WORD = "weather";

  /** Found in exactly one description. */
  static final String UNIQUE_WORD = "zanzibar";

  static final String SCHEMA =
      "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
  private static final String[] TOPICS = {
    COMMON_WORD + " forecasts and alerts",
    "maps and routing",
    "CRM contacts",
    "billing and invoices",
    "document lookup",
    "file storage",
    "calendar events",
    "ticket tracking"
  };
  private static final String[] FLAVOURS = {"for teams", "read-only", "with an audit log"};
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CatalogSeed() {}

  public static void main(String[] args) {
    Map<String, String> options = Bench.options(args, "count", "out");
    int count = Integer.parseInt(options.getOrDefault("count", "10000"));
    if (count < 1 || !options.containsKey("out")) {
      throw new IllegalArgumentException(
          "--count: " + count + " (expected: > 0) and --out FILE are required");
    }
    Path out = Path.of(options.get("out"));
    write(out, count);
    System.out.println("wrote " + count + " servers to " + out);
  }

  /**
   * Writes the document for {@code count} servers to {@code file}, as compact JSON (JSON is YAML
   * too).
   */
  public static void write(Path file, int count) {
    String json = JSON.writeValueAsString(document(count));
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static ObjectNode document(int count) {
    ObjectNode doc = JSON.createObjectNode().put("gatehouse-catalog", 1);
    ArrayNode servers = doc.putArray("servers");
    for (int i = 0; i < count; i++) {
      servers.addObject().set("server", server(i, count));
    }
    return doc;
  }

  /** One server.json document, valid for the public registry too (https, public host). */
  static ObjectNode server(int i, int count) {
    ObjectNode server =
        JSON.createObjectNode()
            .put("$schema", SCHEMA)
            .put("name", name(i))
            .put("description", description(i, count))
            .put("version", VERSION);
    server
        .putArray("remotes")
        .addObject()
        .put("type", "streamable-http")
        .put("url", "https://bench.example.com/mcp/server-" + number(i));
    return server;
  }

  static String name(int i) {
    return NAMESPACE + "/server-" + number(i);
  }

  /** At most about 70 characters: the registry allows 100. */
  static String description(int i, int count) {
    String text =
        "Bench server "
            + number(i)
            + ": "
            + TOPICS[i % TOPICS.length]
            + ", "
            + FLAVOURS[i % FLAVOURS.length];
    return i == count / 2 ? text + " (" + UNIQUE_WORD + ")" : text;
  }

  private static String number(int i) {
    return String.format("%05d", i);
  }

  /**
   * Reads {@code --name value} pairs, refusing names not in {@code known}; shared with {@link
   * CatalogLoad} so both tools fail the same way on a typo.
   */
}
