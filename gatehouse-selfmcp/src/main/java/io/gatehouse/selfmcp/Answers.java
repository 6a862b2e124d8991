package io.gatehouse.selfmcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@link StdioRelay} writes for one HTTP answer: a JSON answer as one message, each {@code
 * data} of an event stream as one message, nothing for 202, and an HTTP refusal (401, 403...) as
 * the JSON-RPC error of the request it answers, with the edge's key (also logged to stderr).
 */
final class Answers {
  private final Consumer<JsonNode> write;
  private final PrintStream log;
  private final Consumer<String> versionSeen;

  /**
   * @param write writes one message on stdout
   * @param versionSeen told the protocol version an {@code initialize} answer settled on
   */
  Answers(Consumer<JsonNode> write, PrintStream log, Consumer<String> versionSeen) {
    this.write = write;
    this.log = log;
    this.versionSeen = versionSeen;
  }

  void answer(JsonNode id, HttpResponse<InputStream> r) throws IOException {
    String type = r.headers().firstValue("Content-Type").orElse("");
    try (InputStream body = r.body()) {
      if (r.statusCode() == 200 && type.startsWith("text/event-stream")) {
        events(body);
      } else if (r.statusCode() == 200) {
        deliver(Json.parse(body.readAllBytes()));
      } else if (r.statusCode() != 202 && r.statusCode() != 204) {
        refused(id, r.statusCode(), Json.parse(body.readAllBytes()));
      }
    }
  }

  /** Each {@code data} of an event stream, as one message a line. */
  private void events(InputStream body) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          deliver(Json.parse(data.toString().getBytes(StandardCharsets.UTF_8)));
          data.setLength(0);
        }
      } else if (line.startsWith("data:")) {
        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
      }
    }
    if (!data.isEmpty()) {
      deliver(Json.parse(data.toString().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private void deliver(JsonNode message) {
    if (message == null || !message.isObject()) {
      return;
    }
    JsonNode v = message.path("result").path("protocolVersion");
    if (v.isString() && message.path("result").has("serverInfo")) {
      versionSeen.accept(v.asString());
    }
    write.accept(message);
  }

  /** An HTTP refusal (401, 403, 404...) as the JSON-RPC error of the request it answers. */
  private void refused(JsonNode id, int status, JsonNode body) {
    if (body != null && body.path("error").has("code") && body.has("jsonrpc")) {
      JsonNode e = body.path("error");
      log.println(
          "gatehouse mcp: HTTP "
              + status
              + " "
              + e.path("data").path("key").asString("")
              + ": "
              + e.path("message").asString(""));
      ObjectNode m = (ObjectNode) body.deepCopy();
      m.set("id", id);
      if (id != null) {
        write.accept(m);
      }
      return;
    }
    JsonNode e = body == null ? Json.object() : body.path("error");
    String key = e.path("code").asString("HTTP_" + status);
    String message = e.path("message").asString("Gatehouse answered HTTP " + status);
    String hint = e.path("hint").isString() ? e.path("hint").asString() : null;
    log.println("gatehouse mcp: " + key + ": " + message);
    if (id != null) {
      write.accept(
          rpcError(id, -32000, key + ": " + message, key, hint)); // the key tells kinds apart
    }
  }

  static ObjectNode rpcError(JsonNode id, int code, String message, String key, String hint) {
    ObjectNode m = Json.object().put("jsonrpc", "2.0");
    if (id == null) {
      m.putNull("id");
    } else {
      m.set("id", id);
    }
    ObjectNode e = m.putObject("error").put("code", code).put("message", message);
    if (key != null) {
      ObjectNode data = e.putObject("data").put("key", key);
      if (hint != null) {
        data.put("hint", hint);
      }
    }
    return m;
  }
}
