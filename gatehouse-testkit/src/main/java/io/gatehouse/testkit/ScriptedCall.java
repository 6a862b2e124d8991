package io.gatehouse.testkit;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One JSON-RPC request as a {@link ScriptedUpstream} tool sees it. */
public final class ScriptedCall {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final JsonNode message;
  private final Map<String, String> headers;

  ScriptedCall(JsonNode message, Map<String, String> headers) {
    this.message = message;
    this.headers = headers;
  }

  /** The request id as JSON text ({@code 7} or {@code "a"}). */
  public String id() {
    return JSON.writeValueAsString(message.get("id"));
  }

  public String method() {
    return message.path("method").asString();
  }

  public String toolName() {
    return message.path("params").path("name").asString();
  }

  /** A tool argument as text, or null. */
  public String arg(String name) {
    JsonNode v = message.path("params").path("arguments").get(name);
    return v == null ? null : v.isString() ? v.asString() : v.toString();
  }

  /** The progress token as JSON text, or null. */
  public String progressToken() {
    JsonNode t = message.path("params").path("_meta").get("progressToken");
    return t == null ? null : JSON.writeValueAsString(t);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  static String quote(String s) {
    return JSON.writeValueAsString(s);
  }
}
