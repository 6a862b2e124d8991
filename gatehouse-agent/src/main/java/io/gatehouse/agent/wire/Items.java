package io.gatehouse.agent.wire;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds the output items in OpenAI's shapes (and Foundry's {@code oauth_consent_request}). */
public final class Items {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Items() {}

  /**
   * An {@code mcp_list_tools} item: the tools as MCP listed them ({@code inputSchema} renamed
   * {@code input_schema}), or the error that stopped the listing.
   */
  public static ObjectNode listTools(
      String id, String serverLabel, List<JsonNode> tools, String error) {
    ObjectNode n = F.objectNode().put("id", id).put("type", "mcp_list_tools");
    n.put("server_label", serverLabel);
    var list = n.putArray("tools");
    for (JsonNode t : tools) {
      ObjectNode o = list.addObject().put("name", t.path("name").asString(""));
      o.set(
          "input_schema",
          t.has("inputSchema") ? t.get("inputSchema") : F.objectNode().put("type", "object"));
      if (t.path("description").isString()) {
        o.put("description", t.get("description").stringValue());
      } else {
        o.putNull("description");
      }
      o.set("annotations", t.has("annotations") ? t.get("annotations") : F.nullNode());
    }
    if (error == null) {
      n.putNull("error");
    } else {
      n.put("error", error);
    }
    return n;
  }

  /** An {@code mcp_approval_request} item. */
  public static ObjectNode approvalRequest(
      String id, String serverLabel, String name, String arguments) {
    return F.objectNode()
        .put("id", id)
        .put("type", "mcp_approval_request")
        .put("server_label", serverLabel)
        .put("name", name)
        .put("arguments", arguments);
  }

  /** An {@code mcp_call} item, in progress. */
  public static ObjectNode call(
      String id, String serverLabel, String name, String arguments, String approvalRequestId) {
    ObjectNode n =
        F.objectNode()
            .put("id", id)
            .put("type", "mcp_call")
            .put("server_label", serverLabel)
            .put("name", name)
            .put("arguments", arguments);
    if (approvalRequestId == null) {
      n.putNull("approval_request_id");
    } else {
      n.put("approval_request_id", approvalRequestId);
    }
    n.putNull("output");
    n.putNull("error");
    n.put("status", "in_progress");
    return n;
  }

  /** Completes an {@code mcp_call} item with its output. */
  public static ObjectNode completed(ObjectNode call, String output) {
    call.put("output", output);
    call.putNull("error");
    call.put("status", "completed");
    return call;
  }

  /** Fails an {@code mcp_call} item with a structured error (OpenAI's {@code McpToolCallError}). */
  public static ObjectNode failed(ObjectNode call, ObjectNode error, String status) {
    call.putNull("output");
    call.set("error", error);
    call.put("status", status);
    return call;
  }

  /** {@code {"type": "mcp_protocol_error", "code", "message"}}: a JSON-RPC error. */
  public static ObjectNode protocolError(int code, String message) {
    return F.objectNode()
        .put("type", "mcp_protocol_error")
        .put("code", code)
        .put("message", message);
  }

  /** {@code {"type": "mcp_tool_execution_error", "content"}}: a result with {@code isError}. */
  public static ObjectNode executionError(JsonNode content) {
    ObjectNode n = F.objectNode().put("type", "mcp_tool_execution_error");
    n.set("content", content);
    return n;
  }

  /** {@code {"type": "http_error", "code", "message"}}: the server answered an HTTP error. */
  public static ObjectNode httpError(int code, String message) {
    return F.objectNode().put("type", "http_error").put("code", code).put("message", message);
  }

  /** Foundry's {@code oauth_consent_request} item. */
  public static ObjectNode consentRequest(
      String id, String serverLabel, String consentLink, String createdBy) {
    ObjectNode n = F.objectNode().put("id", id).put("type", "oauth_consent_request");
    ObjectNode by = n.putObject("created_by");
    if (createdBy != null) {
      by.put("user_id", createdBy);
    }
    n.put("server_label", serverLabel);
    n.put("consent_link", consentLink);
    return n;
  }

  /** An assistant {@code message} item with one {@code output_text} part. */
  public static ObjectNode message(String id, String text, String status) {
    ObjectNode n = F.objectNode().put("id", id).put("type", "message").put("status", status);
    n.put("role", "assistant");
    ObjectNode part = n.putArray("content").addObject().put("type", "output_text");
    part.put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return n;
  }

  /**
   * A response's {@code usage}. Every detail count is present (zero when the model reports none):
   * the OpenAI SDKs declare them required ({@code input_tokens_details.cache_write_tokens} too, as
   * of {@code openai} 7.60 and {@code openai-java} 4.105) and refuse a response without them.
   */
  public static ObjectNode usage(long inputTokens, long outputTokens, long totalTokens) {
    ObjectNode u = F.objectNode().put("input_tokens", inputTokens);
    u.putObject("input_tokens_details").put("cached_tokens", 0).put("cache_write_tokens", 0);
    u.put("output_tokens", outputTokens);
    u.putObject("output_tokens_details").put("reasoning_tokens", 0);
    u.put("total_tokens", totalTokens);
    return u;
  }
}
