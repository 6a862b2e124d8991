package io.gatehouse.agent.run;

import io.gatehouse.agent.model.ChatMessage;
import io.gatehouse.agent.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Chat messages to and from JSON, to keep a conversation with a stored response. */
final class Transcript {
  private Transcript() {}

  static ArrayNode write(List<ChatMessage> messages) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (ChatMessage m : messages) {
      ObjectNode n = a.addObject();
      switch (m) {
        case ChatMessage.System s -> n.put("role", "system").put("text", s.text());
        case ChatMessage.User u -> n.put("role", "user").put("text", u.text());
        case ChatMessage.Assistant as -> {
          n.put("role", "assistant");
          if (as.text() != null) {
            n.put("text", as.text());
          }
          ArrayNode calls = n.putArray("tool_calls");
          for (ToolCall c : as.toolCalls()) {
            calls
                .addObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("arguments", c.arguments());
          }
        }
        case ChatMessage.ToolResult r ->
            n.put("role", "tool").put("call_id", r.callId()).put("text", r.content());
      }
    }
    return a;
  }

  static List<ChatMessage> read(JsonNode a) {
    List<ChatMessage> out = new ArrayList<>();
    for (JsonNode n : a) {
      String text = n.path("text").isString() ? n.get("text").stringValue() : null;
      switch (n.path("role").asString("")) {
        case "system" -> out.add(new ChatMessage.System(text));
        case "user" -> out.add(new ChatMessage.User(text));
        case "assistant" -> {
          List<ToolCall> calls = new ArrayList<>();
          n.path("tool_calls")
              .forEach(
                  c ->
                      calls.add(
                          new ToolCall(
                              c.path("id").asString(),
                              c.path("name").asString(),
                              c.path("arguments").asString())));
          out.add(new ChatMessage.Assistant(text, calls));
        }
        case "tool" -> out.add(new ChatMessage.ToolResult(n.path("call_id").asString(), text));
        default -> throw new IllegalStateException("a stored message of unknown role");
      }
    }
    return out;
  }
}
