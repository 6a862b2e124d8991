package io.gatehouse.connect;

import io.gatehouse.protocol.ModernProtocol;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Multi round-trip requests (MCP 2026-07-28, SEP-2322): a result with {@code resultType:
 * "input_required"} asks the client for input before the request completes. Each of its {@code
 * inputRequests} is answered by the client's {@link ServerRequests} (Gatehouse has no person to
 * ask: an elicitation is accepted with its defaults or declined, as those say), and the request is
 * sent again, under a new id, with the {@code inputResponses} and the server's {@code requestState}
 * echoed unchanged. A request the client cannot answer, or more than {@value #MAX_ROUNDS} rounds,
 * is an {@link Diagnosis#INPUT_REQUIRED} failure: it never loops.
 */
final class InputRequests {
  static final int MAX_ROUNDS = 8;

  private InputRequests() {}

  /** Whether {@code answer} is a result asking for input (absent resultType means complete). */
  static boolean asked(JsonNode answer) {
    return ModernProtocol.INPUT_REQUIRED.equals(
        answer.path("result").path("resultType").asString(""));
  }

  /**
   * The parameters of the next round: {@code params} (the original request's, never a previous
   * round's additions) with {@code inputResponses} for each request and the {@code requestState},
   * when the server sent one.
   */
  static ObjectNode retry(
      ObjectNode params, JsonNode result, ServerRequests answers, URI endpoint, String what)
      throws McpFailure {
    ObjectNode next = params.deepCopy();
    ObjectNode responses = next.putObject("inputResponses");
    for (var e : result.path("inputRequests").properties()) {
      String method = e.getValue().path("method").asString("");
      Optional<JsonNode> answer =
          answers == null ? Optional.empty() : answers.answer(method, e.getValue().path("params"));
      if (answer.isEmpty()) {
        throw new McpFailure(
            Diagnosis.INPUT_REQUIRED,
            endpoint + ": " + what + " needs input Gatehouse cannot give (" + method + ")",
            Map.of("method", method));
      }
      responses.set(e.getKey(), answer.get());
    }
    if (result.has("requestState")) {
      next.set("requestState", result.get("requestState"));
    }
    return next;
  }

  static McpFailure tooMany(URI endpoint, String what) {
    return new McpFailure(
        Diagnosis.INPUT_REQUIRED,
        endpoint + ": " + what + " still asked for input after " + MAX_ROUNDS + " rounds");
  }
}
