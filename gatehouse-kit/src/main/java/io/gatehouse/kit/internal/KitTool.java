package io.gatehouse.kit.internal;

import io.gatehouse.kit.KitErrors;
import io.gatehouse.kit.KitException;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One tool as the kit serves it: its name and description, the record its arguments bind to, the
 * record it answers with (null when it answers text or nothing), and the call itself.
 *
 * @param output the record type of its structured result, or null
 */
public record KitTool(
    String name,
    String description,
    Class<?> input,
    Class<?> output,
    Function<Object, Object> call) {

  /** MCP 2025-11-25 server/tools: 1 to 128 of these characters. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public KitTool {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new KitException(
          KitErrors.INVALID_TOOL,
          "tool name: '" + name + "' (expected: 1 to 128 of A-Z a-z 0-9 _ - .)");
    }
    if (description == null || description.isBlank()) {
      throw new KitException(
          KitErrors.INVALID_TOOL,
          "tool " + name + ": no description (expected: what it does, for the model)");
    }
    if (input == null || !input.isRecord()) {
      throw new KitException(
          KitErrors.INVALID_TOOL,
          "tool " + name + ": arguments " + input + " (expected: a record class)");
    }
    if (output != null && !output.isRecord()) {
      output = null;
    }
  }

  public Map<String, Object> inputSchema() {
    return RecordSchemas.of(input);
  }

  /** The output schema, or null when the tool answers text. */
  public Map<String, Object> outputSchema() {
    return output == null ? null : RecordSchemas.of(output);
  }
}
