package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The component schemas of {@code ../shared/registry/openapi.yaml}, read at test time and turned
 * into standalone JSON Schema 2020-12 documents (the spec's {@code jsonSchemaDialect}): {@code
 * components.schemas} become {@code $defs} and every {@code #/components/schemas/X} reference
 * becomes {@code #/$defs/X}. Formats (date-time, uri) are asserted, not just annotated.
 */
final class OpenApiSchemas {
  private static final ObjectNode DEFS = load();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b ->
              b.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  private OpenApiSchemas() {}

  private static ObjectNode load() {
    JsonNode spec =
        new YAMLMapper().readTree(SharedRegistry.dir().resolve("openapi.yaml").toFile());
    ObjectNode schemas = (ObjectNode) spec.path("components").path("schemas");
    if (schemas.isEmpty()) {
      throw new IllegalStateException("openapi.yaml has no components.schemas");
    }
    ObjectNode copy = schemas.deepCopy();
    rewriteRefs(copy);
    return copy;
  }

  private static void rewriteRefs(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (e.getKey().equals("$ref") && e.getValue().isString()) {
          o.set(
              "$ref",
              StringNode.valueOf(
                  e.getValue().stringValue().replace("#/components/schemas/", "#/$defs/")));
        } else {
          rewriteRefs(e.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(OpenApiSchemas::rewriteRefs);
    }
  }

  static Schema schema(String component) {
    if (!DEFS.has(component)) {
      throw new IllegalArgumentException("openapi.yaml has no component " + component);
    }
    ObjectNode root =
        SharedRegistry.JSON
            .createObjectNode()
            .put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("$defs", DEFS);
    root.put("$ref", "#/$defs/" + component);
    return REGISTRY.getSchema(root);
  }

  /** Asserts that {@code body} is a valid instance of the component. */
  static void assertValid(String component, JsonNode body) {
    List<Error> errors = schema(component).validate(body);
    assertThat(errors).as("%s against openapi.yaml's %s", body, component).isEmpty();
  }
}
