package io.gatehouse.policy.validate;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what comes back from the upstream, only where validation needs it: every page of a {@code
 * tools/list} answer (JSON or event stream) teaches the route's tools and their schemas; {@code
 * notifications/tools/list_changed} makes the route forget them until the next list; and, with
 * {@code validation.output} on, the {@code structuredContent} of a {@code tools/call} answer is
 * checked against the tool's {@code outputSchema}. On a stream that is not a request's answer (the
 * session's GET stream, a legacy client's one stream) it reads every message, since which request
 * an answer there belongs to is not known.
 */
record ResponseValidation(String route, Scoped<ValidationSettings> settings, ToolSchemas schemas)
    implements McpPolicy {
  private static final Logger log = LoggerFactory.getLogger(ResponseValidation.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  static final String LIST_CHANGED = "notifications/tools/list_changed";

  @Override
  public boolean readsResponses(McpExchange exchange) {
    JsonRpcMessage request = exchange.message();
    if (request == null) {
      return true;
    }
    if (!request.isRequest()) {
      return false;
    }
    if (McpMethods.TOOLS_LIST.equals(request.method())) {
      return true;
    }
    String tool = request.toolName();
    ValidationSettings s = tool == null ? null : settings.forTool(tool);
    return s != null && s.enabled() && s.output() != ValidationSettings.OutputCheck.OFF;
  }

  @Override
  public byte[] onResponse(McpExchange exchange, JsonRpcMessage message, byte[] body) {
    if (message.isNotification()) {
      if (LIST_CHANGED.equals(message.method())) {
        schemas.forget();
      }
      return body;
    }
    if (!message.isResponse() || message.error()) {
      return body;
    }
    JsonRpcMessage request = exchange.message();
    if (request == null) {
      learn(body);
      return body;
    }
    if (!request.isRequest() || !request.id().equals(message.id())) {
      return body;
    }
    if (McpMethods.TOOLS_LIST.equals(request.method())) {
      learn(body);
      return body;
    }
    return checkOutput(request, message, body);
  }

  /** Learns the tools of one {@code tools/list} page; an answer that is not one teaches nothing. */
  private void learn(byte[] body) {
    JsonNode tools;
    try {
      tools = JSON.readTree(body).path("result").path("tools");
    } catch (JacksonException e) {
      return;
    }
    if (!tools.isArray()) {
      return;
    }
    for (JsonNode t : tools) {
      JsonNode name = t.get("name");
      if (name != null && name.isString()) {
        schemas.learn(name.stringValue(), t.get("inputSchema"), t.get("outputSchema"));
      }
    }
  }

  private byte[] checkOutput(JsonRpcMessage request, JsonRpcMessage message, byte[] body) {
    String tool = request.toolName();
    ValidationSettings s = settings.forTool(tool);
    ToolSchemas.Listed listed = tool == null ? null : schemas.get(tool);
    if (!s.enabled()
        || s.output() == ValidationSettings.OutputCheck.OFF
        || listed == null
        || listed.output() == null) {
      return body;
    }
    JsonNode result;
    try {
      result = JSON.readTree(body).path("result");
    } catch (JacksonException e) {
      return body;
    }
    if (result.path("isError").asBoolean(false)) {
      return body; // a failed call reports its failure as content, not as structured output
    }
    Violations v = new Violations();
    JsonNode structured = result.get("structuredContent");
    if (structured == null || structured.isNull()) {
      v.add("/structuredContent", "required: the tool declares an outputSchema");
    } else {
      listed.output().check(structured, "/structuredContent", v);
    }
    if (v.isEmpty()) {
      return body;
    }
    if (s.output() == ValidationSettings.OutputCheck.LOG) {
      log.warn(
          "route '{}', tool '{}': the answer does not fit the tool's outputSchema: {}",
          route,
          tool,
          v.list());
      return body;
    }
    return JsonRpcErrors.response(
        message.id(),
        ValidationErrors.INVALID_OUTPUT.rpcCode(),
        "tool '" + tool + "' answered outside its outputSchema: " + v.summary(),
        ValidationErrors.INVALID_OUTPUT.key(),
        ValidationErrors.INVALID_OUTPUT.hint(),
        Map.of("errors", v.json()));
  }
}
