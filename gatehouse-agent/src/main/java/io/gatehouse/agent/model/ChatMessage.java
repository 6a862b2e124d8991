package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One message of the conversation the model sees, in Chat Completions terms. */
public sealed interface ChatMessage {
  /** Instructions (the {@code system} role). */
  record System(String text) implements ChatMessage {
    public System {
      requireNonNull(text, "text");
    }
  }

  /** What the user said. */
  record User(String text) implements ChatMessage {
    public User {
      requireNonNull(text, "text");
    }
  }

  /** What the model said before: text, tool calls, or both. */
  record Assistant(String text, List<ToolCall> toolCalls) implements ChatMessage {
    public Assistant {
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** The result of one tool call, answering {@link ToolCall#id}. */
  record ToolResult(String callId, String content) implements ChatMessage {
    public ToolResult {
      requireNonNull(callId, "callId");
      requireNonNull(content, "content");
    }
  }
}
