package io.gatehouse.gateway.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * CORS for browser-based MCP clients. It runs after the transport guard, so only allowed origins ever
 * get an {@code Access-Control-Allow-Origin}; it exposes {@code Mcp-Session-Id} so scripts can read it.
 */
final class Cors {
  private static final String ALLOWED_HEADERS = "Content-Type, Accept, Authorization, Mcp-Session-Id, "
      + "MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name";

  private Cors() {}

  static void allow(Request request, Response response) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null) {
      var h = response.getHeaders();
      h.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      h.put(HttpHeader.VARY, "Origin");
      h.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "Mcp-Session-Id");
    }
  }

  static void preflight(Response response, Callback callback, String methods) {
    var h = response.getHeaders();
    h.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, methods);
    h.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
    h.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
    HttpIo.writeEmpty(response, callback, 204);
  }
}
