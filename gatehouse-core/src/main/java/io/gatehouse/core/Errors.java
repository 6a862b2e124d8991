package io.gatehouse.core;

/**
 * The error keys every surface shares: the HTTP edge, the admin and registry APIs, the MCP
 * endpoints. Module-specific keys live beside their module ({@code GatewayErrors}, {@code
 * CatalogErrors}).
 */
public final class Errors {
  public static final ErrorKey INVALID_REQUEST =
      ErrorKey.of(
          "INVALID_REQUEST",
          400,
          -32600,
          "Check the method, path and parameters against the API reference.");
  public static final ErrorKey INVALID_JSON =
      ErrorKey.of(
          "INVALID_JSON", 400, -32700, "Send a JSON object with Content-Type: application/json.");
  public static final ErrorKey UNAUTHENTICATED =
      ErrorKey.of(
          "UNAUTHENTICATED",
          401,
          -32001,
          "Send Authorization: Bearer <token>; see the WWW-Authenticate header of this answer.");
  public static final ErrorKey FORBIDDEN =
      ErrorKey.of(
          "FORBIDDEN",
          403,
          -32003,
          "The credential is valid but lacks the role or scope this needs; ask a project owner.");
  public static final ErrorKey NOT_FOUND =
      ErrorKey.of(
          "NOT_FOUND",
          404,
          -32601,
          "Nothing is served at this path: MCP routes are at /mcp/{route}, the registry at /v0.1/servers, "
              + "the admin API at /admin/v1, health at /healthz and /readyz.");
  public static final ErrorKey METHOD_NOT_ALLOWED =
      ErrorKey.of(
          "METHOD_NOT_ALLOWED",
          405,
          -32600,
          "Use one of the methods the Allow header of this answer lists.");
  public static final ErrorKey NOT_ACCEPTABLE =
      ErrorKey.of(
          "NOT_ACCEPTABLE",
          406,
          -32600,
          "Accept application/json (and text/event-stream on MCP endpoints).");
  public static final ErrorKey BODY_TOO_LARGE =
      ErrorKey.of(
          "BODY_TOO_LARGE",
          413,
          -32600,
          "Send a smaller body; the limit is in this answer's message.");
  public static final ErrorKey URI_TOO_LONG =
      ErrorKey.of(
          "URI_TOO_LONG", 414, -32600, "Send a shorter URL; long values belong in the body.");
  public static final ErrorKey UNSUPPORTED_MEDIA_TYPE =
      ErrorKey.of(
          "UNSUPPORTED_MEDIA_TYPE",
          415,
          -32600,
          "Send the body with Content-Type: application/json.");
  public static final ErrorKey HEADERS_TOO_LARGE =
      ErrorKey.of("HEADERS_TOO_LARGE", 431, -32600, "Send fewer or smaller headers.");
  public static final ErrorKey INTERNAL_ERROR =
      ErrorKey.of(
          "INTERNAL_ERROR",
          500,
          -32603,
          "Gatehouse failed unexpectedly: its log has the details under the incident id in this message.");
  public static final ErrorKey STARTING =
      ErrorKey.of(
          "STARTING",
          503,
          -32603,
          "Retry in a moment; /readyz answers 200 once Gatehouse is ready.");
  public static final ErrorKey STORE_UNAVAILABLE =
      ErrorKey.of(
          "STORE_UNAVAILABLE",
          503,
          -32603,
          "Check that the database in storage.url is running and reachable.");

  private Errors() {}
}
