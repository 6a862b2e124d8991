package io.gatehouse.agent.model;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The provider's own Responses API wire format ({@code POST /responses}, not stored at the
 * provider): the conversation as input items, tool calls as {@code function_call} items and their
 * results as {@code function_call_output}; the answer's {@code output} items read back.
 */
final class ResponsesWire implements ProviderCall.Wire {
  static final ResponsesWire INSTANCE = new ResponsesWire();

  private ResponsesWire() {}

  @Override
  public String path() {
    return "responses";
  }

  @Override
  public String api() {
    return "Responses";
  }

  @Override
  public byte[] request(ModelCall call) {
    ObjectNode n = ChatWire.JSON.createObjectNode();
    n.put("model", call.model()).put("store", false);
    ArrayNode input = n.putArray("input");
    for (ChatMessage m : call.messages()) {
      switch (m) {
        case ChatMessage.System s ->
            input.addObject().put("role", "system").put("content", s.text());
        case ChatMessage.User u -> input.addObject().put("role", "user").put("content", u.text());
        case ChatMessage.Assistant a -> {
          if (a.text() != null) {
            input.addObject().put("role", "assistant").put("content", a.text());
          }
          for (ToolCall c : a.toolCalls()) {
            input
                .addObject()
                .put("type", "function_call")
                .put("call_id", c.id())
                .put("name", c.name())
                .put("arguments", c.arguments());
          }
        }
        case ChatMessage.ToolResult r ->
            input
                .addObject()
                .put("type", "function_call_output")
                .put("call_id", r.callId())
                .put("output", r.content());
      }
    }
    if (!call.tools().isEmpty()) {
      ArrayNode tools = n.putArray("tools");
      for (FunctionTool t : call.tools()) {
        ObjectNode f = tools.addObject().put("type", "function").put("name", t.name());
        if (t.description() != null) {
          f.put("description", t.description());
        }
        f.set("parameters", t.parameters());
      }
      switch (call.toolChoice()) {
        case "auto", "required", "none" -> n.put("tool_choice", call.toolChoice());
        default ->
            n.putObject("tool_choice").put("type", "function").put("name", call.toolChoice());
      }
    }
    if (call.maxOutputTokens() != null) {
      n.put("max_output_tokens", call.maxOutputTokens());
    }
    return ChatWire.JSON.writeValueAsBytes(n);
  }

  @Override
  public ModelReply reply(JsonNode body) {
    JsonNode output = body == null ? null : body.get("output");
    if (output == null || !output.isArray()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode item : output) {
      switch (item.path("type").asString("")) {
        case "message" -> {
          for (JsonNode part : item.path("content")) {
            if (part.path("text").isString()) {
              text.append(part.path("text").stringValue());
            }
          }
        }
        case "function_call" -> {
          String name = item.path("name").asString("");
          if (name.isEmpty()) {
            return null;
          }
          String id = item.path("call_id").asString(item.path("id").asString(""));
          JsonNode args = item.get("arguments");
          String arguments =
              args == null || args.isNull()
                  ? "{}"
                  : args.isString() ? args.stringValue() : args.toString();
          calls.add(new ToolCall(id.isEmpty() ? "call_" + calls.size() : id, name, arguments));
        }
        default -> {
          // reasoning and other items carry nothing the loop reads
        }
      }
    }
    JsonNode usage = body.path("usage");
    boolean cut =
        "incomplete".equals(body.path("status").asString(""))
            && "max_output_tokens".equals(body.at("/incomplete_details/reason").asString(""));
    return new ModelReply(
        text.isEmpty() ? null : text.toString(),
        calls,
        new Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0)),
        cut ? "length" : calls.isEmpty() ? "stop" : "tool_calls");
  }
}
