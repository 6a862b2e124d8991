package io.gatehouse.agent.model;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Chat Completions wire format: a {@link ModelCall} as the request body, and the response body
 * as a {@link ModelReply}. Lenient where compatible servers differ (content as parts, arguments as
 * an object), strict where the answer would otherwise be guessed.
 */
final class ChatWire {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private ChatWire() {}

  static byte[] request(ModelCall call) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model", call.model());
    ArrayNode messages = n.putArray("messages");
    call.messages().forEach(m -> messages.add(message(m)));
    if (!call.tools().isEmpty()) {
      ArrayNode tools = n.putArray("tools");
      for (FunctionTool t : call.tools()) {
        ObjectNode f = tools.addObject().put("type", "function").putObject("function");
        f.put("name", t.name());
        if (t.description() != null) {
          f.put("description", t.description());
        }
        f.set("parameters", t.parameters());
      }
      n.set("tool_choice", toolChoice(call.toolChoice()));
    }
    if (call.maxOutputTokens() != null) {
      n.put("max_completion_tokens", call.maxOutputTokens());
    }
    return JSON.writeValueAsBytes(n);
  }

  private static ObjectNode message(ChatMessage m) {
    ObjectNode n = JSON.createObjectNode();
    switch (m) {
      case ChatMessage.System s -> n.put("role", "system").put("content", s.text());
      case ChatMessage.User u -> n.put("role", "user").put("content", u.text());
      case ChatMessage.Assistant a -> {
        n.put("role", "assistant").put("content", a.text());
        if (!a.toolCalls().isEmpty()) {
          ArrayNode calls = n.putArray("tool_calls");
          for (ToolCall c : a.toolCalls()) {
            ObjectNode f = calls.addObject().put("id", c.id()).put("type", "function");
            f.putObject("function").put("name", c.name()).put("arguments", c.arguments());
          }
        }
      }
      case ChatMessage.ToolResult r ->
          n.put("role", "tool").put("tool_call_id", r.callId()).put("content", r.content());
    }
    return n;
  }

  private static JsonNode toolChoice(String choice) {
    return switch (choice) {
      case "auto", "required", "none" -> JSON.getNodeFactory().stringNode(choice);
      default -> {
        ObjectNode o = JSON.createObjectNode().put("type", "function");
        o.putObject("function").put("name", choice);
        yield o;
      }
    };
  }

  /**
   * The reply in {@code body}, or null when it is not a Chat Completions response (no {@code
   * choices[0].message}).
   */
  static ModelReply reply(JsonNode body) {
    JsonNode choice = body == null ? null : body.path("choices").path(0);
    JsonNode message = choice == null ? null : choice.get("message");
    if (!(message instanceof ObjectNode)) {
      return null;
    }
    List<ToolCall> calls = new ArrayList<>();
    JsonNode list = message.path("tool_calls");
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      JsonNode f = c.path("function");
      String name = f.path("name").asString(null);
      if (name == null || name.isEmpty()) {
        return null;
      }
      JsonNode args = f.get("arguments");
      String arguments =
          args == null || args.isNull()
              ? "{}"
              : args.isString() ? args.stringValue() : args.toString();
      String id = c.path("id").asString("");
      calls.add(new ToolCall(id.isEmpty() ? "call_" + i : id, name, arguments));
    }
    JsonNode usage = body.path("usage");
    return new ModelReply(
        text(message.get("content")),
        calls,
        new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0)),
        choice.path("finish_reason").asString(null));
  }

  /** Text content: a string, or the text of an array of parts; null when there is none. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isString()) {
      return content.stringValue();
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("text").isString()) {
        b.append(part.path("text").stringValue());
      }
    }
    return b.isEmpty() ? null : b.toString();
  }

  /** The provider's own error message and code ({@code {"error": {"message", "code"}}}), if any. */
  static String[] error(JsonNode body) {
    if (body == null) {
      return new String[] {null, null};
    }
    JsonNode e = body.path("error");
    if (e.isString()) {
      return new String[] {e.stringValue(), null};
    }
    String message = e.path("message").asString(null);
    JsonNode code = e.get("code");
    return new String[] {
      message, code == null || code.isNull() ? e.path("type").asString(null) : code.asString()
    };
  }
}
