package io.gatehouse.gateway;

/**
 * Every error the gateway itself answers with: a stable key (what operators search logs and docs for),
 * the HTTP status for errors that end the exchange at the transport, the JSON-RPC code, and a hint
 * that says what to do. Upstream failures of a request are answered as JSON-RPC error responses, so the
 * caller's MCP client surfaces the key and the hint to its user.
 */
public enum GatewayError {
  PARSE_ERROR(400, -32700, "Send one JSON-RPC 2.0 message as UTF-8 JSON."),
  INVALID_REQUEST(400, -32600, "Send one JSON-RPC 2.0 request, notification or response object (no batches)."),
  BODY_TOO_LARGE(413, -32600, "Send a smaller message, or raise gateway.max-request-size."),
  UNSUPPORTED_MEDIA_TYPE(415, -32600, "POST with Content-Type: application/json."),
  NOT_ACCEPTABLE(406, -32600, "Send Accept: application/json, text/event-stream."),
  FORBIDDEN_ORIGIN(403, -32600, "Open the client from an allowed origin, or add it to gateway.allowed-origins."),
  FORBIDDEN_HOST(403, -32600, "Use an allowed host name, or add it to gateway.allowed-hosts."),
  ROUTE_NOT_FOUND(404, -32601, "Check the route name; routes are configured under routes: or created as catalog deployments."),
  METHOD_NOT_ALLOWED(405, -32600, "Use POST, GET or DELETE on /mcp/{route}."),
  UNSUPPORTED_PROTOCOL_VERSION(400, -32600, "Send an MCP-Protocol-Version the gateway supports: 2025-11-25, 2025-06-18 or 2025-03-26."),
  SESSION_REQUIRED(400, -32600, "Send the Mcp-Session-Id header that the initialize response carried."),
  SESSION_NOT_FOUND(404, -32001, "The session is unknown or has ended: initialize a new one."),
  SESSION_EXPIRED(404, -32001, "The upstream server ended this session: initialize a new one."),
  UPSTREAM_UNAVAILABLE(502, -32031, "The upstream MCP server could not be reached: check that it runs and that the route's upstream.url is right."),
  UPSTREAM_TIMEOUT(504, -32032, "The upstream did not answer in time: raise the route's timeouts.request if the tool is slow."),
  UPSTREAM_PROTOCOL_ERROR(502, -32033, "The upstream answered with something that is not MCP: check the route's upstream.url and transport."),
  UPSTREAM_ERROR(502, -32034, "The upstream MCP server failed: see its logs."),
  UPSTREAM_RESPONSE_TOO_LARGE(502, -32035, "The upstream's answer exceeded gateway.max-response-size."),
  REQUEST_CANCELLED(200, -32800, "The caller cancelled this request; no answer follows."),
  INTERNAL_ERROR(500, -32603, "Gatehouse failed unexpectedly: the gateway log has the details under the same incident id.");

  private final int httpStatus;
  private final int rpcCode;
  private final String hint;

  GatewayError(int httpStatus, int rpcCode, String hint) {
    this.httpStatus = httpStatus;
    this.rpcCode = rpcCode;
    this.hint = hint;
  }

  public String key() {
    return name();
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int rpcCode() {
    return rpcCode;
  }

  public String hint() {
    return hint;
  }

  /** Whether the failure is the upstream's, as opposed to the caller's. */
  public boolean isUpstream() {
    return name().startsWith("UPSTREAM_");
  }
}
