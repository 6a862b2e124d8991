package io.gatehouse.kit.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jetty's own refusals (a malformed URI or header, a failure before the key check) in the kit's
 * JSON error shape with the keys Gatehouse's edge uses for the same refusals, {@code {"error":
 * {"code": "INVALID_REQUEST", "message": "Bad Request"}}}, never an HTML page and never an
 * exception's text.
 */
final class JsonErrors extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    ObjectNode body = KitJson.MAPPER.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", key(code));
    error.put("message", HttpStatus.getMessage(code));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Content.Sink.write(response, true, body.toString(), callback);
  }

  private static String key(int status) {
    return switch (status) {
      case 400 -> "INVALID_REQUEST";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 414 -> "URI_TOO_LONG";
      case 431 -> "HEADERS_TOO_LARGE";
      case 500 -> "INTERNAL_ERROR";
      default -> "HTTP_" + status;
    };
  }
}
