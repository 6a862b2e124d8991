package io.gatehouse.catalog;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP registry's reference data in {@code ../shared/registry} (the official examples,
 * server.schema.json and openapi.yaml), read at test time from where surefire's {@code
 * gatehouse.repo.root} points; never copied.
 */
final class SharedRegistry {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private SharedRegistry() {}

  static Path dir() {
    String root = System.getProperty("gatehouse.repo.root");
    if (root == null) {
      throw new IllegalStateException(
          "gatehouse.repo.root is not set: run the tests through Maven (surefire sets it)");
    }
    Path dir = Path.of(root).resolve("../shared/registry").normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("the registry reference data is missing at " + dir);
    }
    return dir;
  }

  static List<Path> examples(String kind) {
    try (Stream<Path> files = Files.list(dir().resolve("examples").resolve(kind))) {
      List<Path> found = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "no examples in " + dir().resolve("examples").resolve(kind));
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    return JSON.readTree(file.toFile());
  }

  /**
   * server.schema.json (draft-07) loaded into networknt, the independent check our Java rules must
   * agree with.
   */
  static Schema serverSchema() {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(read(dir().resolve("server.schema.json")));
  }
}
