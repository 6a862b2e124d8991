package io.gatehouse.gateway.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * CORS for browser-based MCP clients. It runs after the transport guard, so only allowed origins
 * ever get an {@code Access-Control-Allow-Origin}; it exposes {@code Mcp-Session-Id} so scripts can
 * read it.
 */
final class Cors {
  private static final String ALLOWED_HEADERS =
      "Content-Type, Accept, Authorization, X-API-Key, Mcp-Session-Id, "
          + "MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name";

  private Cors() {}

  /**
   * Adds the headers every answer to {@code request} carries into {@code answer}, and returns it.
   */
  static HttpHeaders allow(HttpHeaders request, HttpHeaders answer) {
    String origin = request.get(HttpHeaderNames.ORIGIN);
    if (origin != null) {
      answer.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      answer.set(HttpHeaderNames.VARY, "Origin");
      answer.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Mcp-Session-Id, WWW-Authenticate");
    }
    return answer;
  }

  static void preflight(HttpHeaders answer, String methods) {
    answer.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
    answer.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
    answer.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
  }
}
