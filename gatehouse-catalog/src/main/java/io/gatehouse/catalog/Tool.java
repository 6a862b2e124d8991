package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import tools.jackson.databind.JsonNode;

/**
 * A tool as a deployment listed it in {@code tools/list}.
 *
 * @param title display name, or null
 * @param description or null
 * @param inputSchema the JSON Schema of its arguments
 * @param annotations hints such as {@code readOnlyHint}, or null
 */
public record Tool(
    String name, String title, String description, JsonNode inputSchema, JsonNode annotations) {
  public Tool {
    requireNonNull(name, "name");
    requireNonNull(inputSchema, "inputSchema");
  }
}
