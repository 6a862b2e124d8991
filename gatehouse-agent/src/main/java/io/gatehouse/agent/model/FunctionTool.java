package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import tools.jackson.databind.JsonNode;

/**
 * A function the model may call.
 *
 * @param name the function's name ({@code [a-zA-Z0-9_-]{1,64}})
 * @param description what it does, or null
 * @param parameters its JSON Schema (an object schema)
 */
public record FunctionTool(String name, String description, JsonNode parameters) {
  public FunctionTool {
    requireNonNull(name, "name");
    requireNonNull(parameters, "parameters");
  }
}
