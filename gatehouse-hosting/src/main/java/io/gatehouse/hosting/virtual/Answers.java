package io.gatehouse.hosting.virtual;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The composer's answers: JSON-RPC results and errors, and the REST error shape. */
final class Answers {
  private Answers() {}

  static HttpResponse result(JsonNode id, JsonNode result) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
    out.set("id", id);
    out.set("result", result);
    return HttpResponse.json(200, SourceClient.JSON.writeValueAsBytes(out));
  }

  /** A source's answer, with the caller's id in place of the one it was sent with. */
  static ObjectNode relayedMessage(JsonNode id, JsonNode answer) {
    ObjectNode out = ((ObjectNode) answer).deepCopy();
    out.set("id", id);
    return out;
  }

  static HttpResponse json(ObjectNode message) {
    return HttpResponse.json(200, SourceClient.JSON.writeValueAsBytes(message));
  }

  /** {@code message} as one event of a {@code text/event-stream}. */
  static byte[] event(JsonNode message) {
    return ("event: message\ndata: " + SourceClient.JSON.writeValueAsString(message) + "\n\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static HttpResponse error(int status, JsonNode id, int code, String message) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
    out.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    out.putObject("error").put("code", code).put("message", message);
    return HttpResponse.json(status, SourceClient.JSON.writeValueAsBytes(out));
  }

  /** A keyed error: the key's code, the key and its hint (and the source) in {@code data}. */
  static ObjectNode errorMessage(JsonNode id, ErrorKey key, String message, String source) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
    out.set("id", id);
    ObjectNode e = out.putObject("error").put("code", key.rpcCode()).put("message", message);
    ObjectNode data = e.putObject("data").put("key", key.key()).put("hint", key.hint());
    if (source != null) {
      data.put("source", source);
    }
    return out;
  }

  static HttpResponse problem(int status, String code, String message) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode e = out.putObject("error").put("code", code).put("message", message);
    e.putArray("details");
    return HttpResponse.json(status, SourceClient.JSON.writeValueAsBytes(out));
  }
}
