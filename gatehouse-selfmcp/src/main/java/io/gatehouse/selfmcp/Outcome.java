package io.gatehouse.selfmcp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What one platform request came to: its answer, or the API's refusal with its stable key. */
sealed interface Outcome {
  /** The API answered 2xx with {@code body}. */
  record Ok(JsonNode body) implements Outcome {}

  /**
   * The API refused (or failed): its key ({@code FORBIDDEN}, {@code DEPLOYMENT_NOT_FOUND}...), its
   * message and hint, and the HTTP status it answered with.
   */
  record Refused(int status, String code, String message, String hint) implements Outcome {
    ObjectNode json() {
      ObjectNode e = Json.object();
      ObjectNode inner = e.putObject("error");
      inner.put("code", code).put("message", message);
      if (hint != null) {
        inner.put("hint", hint);
      }
      inner.put("status", status);
      return e;
    }
  }

  /** Reads an API answer: 2xx is {@link Ok}, anything else the error it carries. */
  static Outcome of(AdminGate.Answer a) {
    JsonNode body = Json.parse(a.body());
    if (a.ok()) {
      return new Ok(body == null ? Json.object() : body);
    }
    if (body == null) {
      return new Refused(a.status(), "HTTP_" + a.status(), "the API answered " + a.status(), null);
    }
    // the admin API's {"error": {"code", "message", "hint"}}, or the registry's {"error", "code"}
    JsonNode e = body.path("error").isObject() ? body.path("error") : body;
    String message =
        e.path("message").isString()
            ? e.path("message").asString()
            : body.path("error").asString("the API answered " + a.status());
    return new Refused(
        a.status(),
        e.path("code").asString("HTTP_" + a.status()),
        message,
        e.path("hint").isString() ? e.path("hint").asString() : null);
  }
}
