package io.gatehouse.agent.model;

import java.util.List;

/**
 * What the model answered in one turn.
 *
 * @param text what it said, or null
 * @param toolCalls the calls it asks for (none when it is done)
 * @param usage the tokens the turn took
 * @param finishReason the provider's reason ({@code stop}, {@code tool_calls}, {@code length}), or
 *     null
 */
public record ModelReply(String text, List<ToolCall> toolCalls, Usage usage, String finishReason) {
  public ModelReply {
    toolCalls = List.copyOf(toolCalls);
    usage = usage == null ? Usage.NONE : usage;
  }
}
