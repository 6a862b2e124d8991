package io.gatehouse.kit.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.kit.KitErrors;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server's front door: {@code /healthz} answers anyone; every other request needs one of the
 * keys, in the configured header or in {@code x-functions-key} (the header Azure Functions clients
 * send), or is refused with 401, a JSON error and a {@code WWW-Authenticate} that names the header;
 * a path other than the MCP endpoint is 404 in the same JSON shape.
 */
public final class KeyGuard extends Handler.Wrapper {
  /** Accepted beside the configured header, for clients written for Azure Functions. */
  public static final String FUNCTIONS_KEY_HEADER = "x-functions-key";

  private final String header;
  private final Predicate<String> keys;
  private final String mcpPath;

  public KeyGuard(Handler next, String header, Predicate<String> keys, String mcpPath) {
    super(next);
    this.header = header;
    this.keys = keys;
    this.mcpPath = mcpPath;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (path.equals("/healthz")) {
      return json(response, callback, 200, "{\"status\":\"ok\"}");
    }
    // Both headers are always checked, so timing does not tell which one held a key.
    boolean inHeader = keys.test(request.getHeaders().get(header));
    boolean inFunctionsHeader = keys.test(request.getHeaders().get(FUNCTIONS_KEY_HEADER));
    if (!(inHeader | inFunctionsHeader)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "ApiKey header=\"" + header + "\"");
      return json(
          response,
          callback,
          401,
          error(
              KitErrors.KEY_REQUIRED, "no valid key in " + header + " or " + FUNCTIONS_KEY_HEADER));
    }
    if (!path.equals(mcpPath)) {
      ErrorKey notFound =
          ErrorKey.of("NOT_FOUND", 404, -32601, "The MCP endpoint is " + mcpPath + ".");
      return json(response, callback, 404, error(notFound, "no endpoint at " + path));
    }
    return super.handle(request, response, callback);
  }

  private static String error(ErrorKey key, String message) {
    ObjectNode body = KitJson.MAPPER.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", key.key());
    error.put("message", message);
    error.put("hint", key.hint());
    return body.toString();
  }

  private static boolean json(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, body, callback);
    return true;
  }
}
