package io.gatehouse.agent.tools;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** How one tool call (or listing) ended. */
public sealed interface CallOutcome {
  /** The tool answered: its result flattened to text for the model, and the result itself. */
  record Done(String output, JsonNode result) implements CallOutcome {}

  /**
   * It failed: {@code error} in OpenAI's {@code McpToolCallError} shape, {@code text} what the
   * model is told.
   */
  record Failed(ObjectNode error, String text) implements CallOutcome {}

  /** The user must first consent (a per-user connection): {@code link} is their consent page. */
  record ConsentNeeded(String link) implements CallOutcome {}
}
