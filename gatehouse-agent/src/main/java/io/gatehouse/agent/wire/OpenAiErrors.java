package io.gatehouse.agent.wire;

import io.gatehouse.core.GatehouseException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Errors in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}: {@code code}
 * is Gatehouse's stable key, {@code type} OpenAI's class of error by HTTP status.
 */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  public static ObjectNode body(GatehouseException e) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode err = root.putObject("error");
    String message = e.getMessage();
    String hint = e.error().hint();
    err.put("message", hint == null || hint.isEmpty() ? message : message + ". " + hint);
    err.put("type", type(e.error().httpStatus()));
    if (e instanceof BadRequest b && b.param() != null) {
      err.put("param", b.param());
    } else {
      err.putNull("param");
    }
    err.put("code", e.error().key());
    return root;
  }

  /** The error object of a failed response ({@code response.error}): code and message. */
  public static ObjectNode responseError(GatehouseException e) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("code", e.error().key())
        .put("message", e.getMessage());
  }

  static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404, 400, 409, 413, 415 -> "invalid_request_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }
}
