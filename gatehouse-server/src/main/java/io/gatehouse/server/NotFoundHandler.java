package io.gatehouse.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The last handler: a JSON 404 with a stable key, in the admin API's error shape. */
final class NotFoundHandler extends Handler.Abstract.NonBlocking {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    OpsHandler.json(response, callback, 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"nothing is served at this path\","
        + "\"details\":[\"MCP routes are at /mcp/{route}; health at /healthz and /readyz\"]}}");
    return true;
  }
}
