package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

/**
 * A call the model asked for.
 *
 * @param id the provider's id for it, which the result answers
 * @param name the function's name
 * @param arguments the arguments as the model wrote them: a JSON string, possibly malformed
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    arguments = arguments == null ? "{}" : arguments;
  }
}
