package io.gatehouse.agent.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code POST /v1/responses} request, checked: the subset of OpenAI's Responses API an agent
 * needs, plus Foundry's {@code agent} reference.
 *
 * @param model the model, or null when {@code agent} names a stored agent or a continuation keeps
 *     its chain's
 * @param input the input items, normalised ({@code type} always set; a string input is one user
 *     message)
 * @param instructions a system message for this response only, or null
 * @param tools the mcp tools
 * @param previousResponseId the response this one continues, or null
 * @param toolChoice {@code auto}, {@code none}, {@code required}, or a tool ({@code {"type": "mcp",
 *     "server_label", "name"}} or {@code {"type": "function", "name"}})
 * @param stream whether to answer with server-sent events
 * @param maxOutputTokens a cap on each model turn's output, or null
 * @param maxToolCalls a cap on the tool calls of this response, or null
 * @param metadata up to 16 string pairs kept with the response
 * @param store whether to keep the response (so it can be read and continued)
 * @param agent a stored agent's name, or null
 * @param parallelToolCalls whether the model may ask for several calls at once
 */
public record ResponsesRequest(
    String model,
    List<ObjectNode> input,
    String instructions,
    List<McpToolSpec> tools,
    String previousResponseId,
    JsonNode toolChoice,
    boolean stream,
    Integer maxOutputTokens,
    Integer maxToolCalls,
    Map<String, String> metadata,
    boolean store,
    String agent,
    boolean parallelToolCalls) {

  /** Fields OpenAI's clients may send that change nothing here. */
  private static final Set<String> TOLERATED =
      Set.of(
          "include",
          "text",
          "reasoning",
          "service_tier",
          "prompt_cache_key",
          "safety_identifier",
          "user",
          "truncation",
          "top_logprobs",
          "temperature",
          "top_p",
          "stream_options");

  private static final Set<String> FIELDS =
      Set.of(
          "model",
          "input",
          "instructions",
          "tools",
          "previous_response_id",
          "tool_choice",
          "stream",
          "max_output_tokens",
          "max_tool_calls",
          "metadata",
          "store",
          "agent",
          "parallel_tool_calls");

  public ResponsesRequest {
    input = List.copyOf(input);
    tools = List.copyOf(tools);
    metadata = Map.copyOf(metadata);
  }

  /** The approval answers among the input items. */
  public List<ObjectNode> approvalResponses() {
    return input.stream()
        .filter(i -> i.path("type").asString("").equals("mcp_approval_response"))
        .toList();
  }

  /**
   * Reads and checks a request body.
   *
   * @throws BadRequest naming the parameter at fault
   */
  public static ResponsesRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new BadRequest(null, "the body must be a JSON object");
    }
    for (String field : body.propertyNames()) {
      if (field.equals("background") && body.get(field).asBoolean(false)) {
        throw new BadRequest(field, "background responses are not offered; use stream: true");
      }
      if (field.equals("conversation") && !body.get(field).isNull()) {
        throw new BadRequest(
            field, "conversation objects are not offered; continue with previous_response_id");
      }
      if (!FIELDS.contains(field)
          && !TOLERATED.contains(field)
          && !field.equals("background")
          && !field.equals("conversation")) {
        throw new BadRequest(field, "Unknown parameter: '" + field + "'.");
      }
    }
    String agent = null;
    JsonNode a = body.get("agent");
    if (a != null && !a.isNull()) {
      if (!a.isObject()
          || !a.path("name").isString()
          || !a.path("type").asString("agent_reference").equals("agent_reference")) {
        throw new BadRequest(
            "agent", "agent: {\"type\": \"agent_reference\", \"name\": \"<a stored agent>\"}");
      }
      agent = a.get("name").stringValue();
    }
    String model = optionalText(body, "model");
    if (model == null && agent == null && !body.hasNonNull("previous_response_id")) {
      // a continuation keeps its chain's model (Foundry's continuations name none)
      throw new BadRequest("model", "model is required (or agent, to run a stored agent)");
    }
    List<McpToolSpec> tools = new ArrayList<>();
    JsonNode t = body.get("tools");
    if (t != null && !t.isNull()) {
      if (!t.isArray()) {
        throw new BadRequest("tools", "tools: an array");
      }
      Set<String> labels = new java.util.HashSet<>();
      for (int i = 0; i < t.size(); i++) {
        McpToolSpec spec = McpToolSpec.parse(t.get(i), "tools[" + i + "]", true);
        if (!labels.add(spec.serverLabel())) {
          throw new BadRequest(
              "tools[" + i + "].server_label",
              "tools[" + i + "].server_label: '" + spec.serverLabel() + "' is used twice");
        }
        tools.add(spec);
      }
    }
    return new ResponsesRequest(
        model,
        input(body.get("input")),
        optionalText(body, "instructions"),
        tools,
        optionalText(body, "previous_response_id"),
        toolChoice(body.get("tool_choice")),
        bool(body, "stream", false),
        positive(body, "max_output_tokens", 16),
        positive(body, "max_tool_calls", 1),
        metadata(body.get("metadata")),
        bool(body, "store", true),
        agent,
        bool(body, "parallel_tool_calls", true));
  }

  private static List<ObjectNode> input(JsonNode v) {
    List<ObjectNode> items = new ArrayList<>();
    if (v == null || v.isNull()) {
      return items;
    }
    if (v.isString()) {
      items.add(userMessage(v.stringValue()));
      return items;
    }
    if (!v.isArray()) {
      throw new BadRequest("input", "input: a string or an array of items");
    }
    for (int i = 0; i < v.size(); i++) {
      items.add(item(v.get(i), "input[" + i + "]"));
    }
    return items;
  }

  /** A user message item with one text part. */
  public static ObjectNode userMessage(String text) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("type", "message").put("role", "user");
    m.putArray("content").addObject().put("type", "input_text").put("text", text);
    return m;
  }

  private static ObjectNode item(JsonNode v, String at) {
    if (!v.isObject()) {
      throw new BadRequest(at, at + ": an object");
    }
    ObjectNode item = (ObjectNode) v.deepCopy();
    String type = item.path("type").asString(item.has("role") ? "message" : "");
    item.put("type", type);
    switch (type) {
      case "message" -> {
        String role = item.path("role").asString("");
        if (!Set.of("user", "system", "developer", "assistant").contains(role)) {
          throw new BadRequest(at + ".role", at + ".role: user, system, developer or assistant");
        }
        JsonNode content = item.get("content");
        if (content != null && content.isString()) {
          String part = role.equals("assistant") ? "output_text" : "input_text";
          item.putArray("content").addObject().put("type", part).put("text", content.stringValue());
        } else if (content != null && content.isArray()) {
          for (int i = 0; i < content.size(); i++) {
            String pt = content.get(i).path("type").asString("");
            if (!pt.equals("input_text") && !pt.equals("output_text")
                || !content.get(i).path("text").isString()) {
              throw new BadRequest(
                  at + ".content[" + i + "]",
                  at
                      + ".content["
                      + i
                      + "]: only text parts (input_text, output_text) are offered, not '"
                      + pt
                      + "'");
            }
          }
        } else {
          throw new BadRequest(at + ".content", at + ".content: a string or an array of parts");
        }
      }
      case "mcp_approval_response" -> {
        if (!item.path("approval_request_id").isString()) {
          throw new BadRequest(
              at + ".approval_request_id", at + ".approval_request_id: required (mcpr_...)");
        }
        if (!item.path("approve").isBoolean()) {
          throw new BadRequest(at + ".approve", at + ".approve: true or false");
        }
      }
      case "mcp_list_tools", "mcp_call", "mcp_approval_request", "oauth_consent_request" -> {
        // context a client carries itself; kept with the input, not acted on
      }
      default ->
          throw new BadRequest(
              at + ".type",
              at
                  + ".type: '"
                  + type
                  + "' (offered: message, mcp_approval_response, and the mcp items of earlier"
                  + " output)");
    }
    return item;
  }

  private static JsonNode toolChoice(JsonNode v) {
    if (v == null || v.isNull()) {
      return JsonNodeFactory.instance.stringNode("auto");
    }
    if (v.isString() && Set.of("auto", "none", "required").contains(v.stringValue())) {
      return v;
    }
    if (v.isObject()) {
      String type = v.path("type").asString("");
      if (type.equals("mcp") && v.path("server_label").isString()) {
        return v;
      }
      if (type.equals("function") && v.path("name").isString()) {
        return v;
      }
    }
    throw new BadRequest(
        "tool_choice",
        "tool_choice: auto, none, required, {type: mcp, server_label, name?} or {type: function,"
            + " name}");
  }

  private static Map<String, String> metadata(JsonNode v) {
    Map<String, String> m = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return m;
    }
    if (!v.isObject() || v.size() > 16) {
      throw new BadRequest("metadata", "metadata: an object of at most 16 string values");
    }
    for (var e : v.properties()) {
      if (!e.getValue().isString()
          || e.getKey().length() > 64
          || e.getValue().stringValue().length() > 512) {
        throw new BadRequest(
            "metadata." + e.getKey(),
            "metadata: keys of at most 64 characters, string values of at most 512");
      }
      m.put(e.getKey(), e.getValue().stringValue());
    }
    return m;
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new BadRequest(field, field + ": a string");
    }
    return v.stringValue();
  }

  private static boolean bool(JsonNode body, String field, boolean fallback) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new BadRequest(field, field + ": true or false");
    }
    return v.booleanValue();
  }

  private static Integer positive(JsonNode body, String field, int least) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asInt() < least) {
      throw new BadRequest(field, field + ": an integer of at least " + least);
    }
    return v.asInt();
  }
}
