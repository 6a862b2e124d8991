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
 * JSON error shape, {@code {"error": {"code": "HTTP_400", "message": "Bad Request"}}}, never an
 * HTML page and never an exception's text.
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
    error.put("code", "HTTP_" + code);
    error.put("message", HttpStatus.getMessage(code));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Content.Sink.write(response, true, body.toString(), callback);
  }
}
