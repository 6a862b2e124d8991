package io.gatehouse.agent.wire;

import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.GatehouseException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Errors in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}: {@code code}
 * is Gatehouse's stable key, {@code type} OpenAI's class of error by HTTP status, {@code param} the
 * parameter a {@link BadRequest} names.
 */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  /** The answer's body. */
  public static byte[] bytes(GatehouseException e) {
    return ErrorBodies.openAi(e, e instanceof BadRequest b ? b.param() : null);
  }

  /** The answer's body as JSON. */
  public static ObjectNode body(GatehouseException e) {
    return (ObjectNode) JsonMapper.shared().readTree(bytes(e));
  }

  /** The error object of a failed response ({@code response.error}): code and message. */
  public static ObjectNode responseError(GatehouseException e) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("code", e.error().key())
        .put("message", e.getMessage());
  }
}
