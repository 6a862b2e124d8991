package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the loop asks the model in one turn.
 *
 * @param model the model's name as the provider knows it
 * @param messages the conversation, oldest first (instructions first, as a system message)
 * @param tools the functions the model may call this turn (MCP tools, delegations)
 * @param toolChoice {@code auto}, {@code required}, {@code none}, or a function's name
 * @param maxOutputTokens the most tokens the reply may have, or null for the provider's default
 */
public record ModelCall(
    String model,
    List<ChatMessage> messages,
    List<FunctionTool> tools,
    String toolChoice,
    Integer maxOutputTokens) {
  public ModelCall {
    requireNonNull(model, "model");
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    toolChoice = toolChoice == null ? "auto" : toolChoice;
  }
}
