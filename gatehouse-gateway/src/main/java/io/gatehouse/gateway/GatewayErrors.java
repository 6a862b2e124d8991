package io.gatehouse.gateway;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Errors;

/**
 * The error keys the gateway answers with. Refusals at the transport end the HTTP exchange with the
 * key's status; failures of a request past the transport (the upstream's) are JSON-RPC error
 * responses, so the caller's MCP client shows the key and the hint to its user.
 */
public final class GatewayErrors {
  public static final ErrorKey PARSE_ERROR =
      ErrorKey.of("PARSE_ERROR", 400, -32700, "Send one JSON-RPC 2.0 message as UTF-8 JSON.");
  public static final ErrorKey INVALID_REQUEST =
      ErrorKey.of(
          "INVALID_REQUEST",
          400,
          -32600,
          "Send one JSON-RPC 2.0 request, notification or response object (no batches).");
  public static final ErrorKey BODY_TOO_LARGE =
      ErrorKey.of(
          "BODY_TOO_LARGE",
          413,
          -32600,
          "Send a smaller message, or raise gateway.max-request-size.");
  public static final ErrorKey UNSUPPORTED_MEDIA_TYPE =
      ErrorKey.of(
          "UNSUPPORTED_MEDIA_TYPE", 415, -32600, "POST with Content-Type: application/json.");
  public static final ErrorKey NOT_ACCEPTABLE =
      ErrorKey.of(
          "NOT_ACCEPTABLE", 406, -32600, "Send Accept: application/json, text/event-stream.");
  public static final ErrorKey FORBIDDEN_ORIGIN =
      ErrorKey.of(
          "FORBIDDEN_ORIGIN",
          403,
          -32600,
          "Open the client from an allowed origin, or add it to gateway.allowed-origins.");
  public static final ErrorKey FORBIDDEN_HOST =
      ErrorKey.of(
          "FORBIDDEN_HOST",
          403,
          -32600,
          "Use an allowed host name, or add it to gateway.allowed-hosts.");
  public static final ErrorKey ROUTE_NOT_FOUND =
      ErrorKey.of(
          "ROUTE_NOT_FOUND",
          404,
          -32601,
          "Check the route name; routes are configured under routes: or created as catalog deployments.");
  public static final ErrorKey METHOD_NOT_ALLOWED = Errors.METHOD_NOT_ALLOWED;
  public static final ErrorKey UNSUPPORTED_PROTOCOL_VERSION =
      ErrorKey.of(
          "UNSUPPORTED_PROTOCOL_VERSION",
          400,
          -32600,
          "Send an MCP-Protocol-Version the gateway supports: 2025-11-25, 2025-06-18 or 2025-03-26.");
  public static final ErrorKey CLIENT_CAPABILITY_REQUIRED =
      ErrorKey.of(
          "CLIENT_CAPABILITY_REQUIRED",
          400,
          -32021,
          "This request needs its user to open a page (error.data.url, with error.data.reason"
              + " saying why): open it and call again, or use a client that declares"
              + " elicitation.url in its clientCapabilities, which is then asked for it.");
  public static final ErrorKey INPUT_DECLINED =
      ErrorKey.of(
          "INPUT_DECLINED",
          400,
          -32602,
          "The user declined or cancelled the page Gatehouse asked them to open: send the"
              + " request again without inputResponses and requestState to be asked again.");
  public static final ErrorKey REQUEST_STATE_INVALID =
      ErrorKey.of(
          "REQUEST_STATE_INVALID",
          400,
          -32602,
          "Send the request again without requestState and inputResponses; a requestState is"
              + " good only for the request, caller and route it was given for.");
  public static final ErrorKey REQUEST_STATE_EXPIRED =
      ErrorKey.of(
          "REQUEST_STATE_EXPIRED",
          400,
          -32602,
          "Send the request again without requestState and inputResponses, and answer the"
              + " new input requests sooner.");
  public static final ErrorKey HEADER_MISMATCH =
      ErrorKey.of(
          "HEADER_MISMATCH",
          400,
          -32020,
          "Send Mcp-Method equal to the body's method, Mcp-Name equal to params.name or params.uri"
              + " (tools/call, prompts/get, resources/read), and MCP-Protocol-Version equal to"
              + " _meta's io.modelcontextprotocol/protocolVersion.");
  public static final ErrorKey PROTOCOL_VERSION_UNKNOWN =
      ErrorKey.of(
          "PROTOCOL_VERSION_UNKNOWN",
          400,
          -32022,
          "Send a version from error.data.supported: 2026-07-28 on every request, or initialize"
              + " with 2025-11-25.");
  public static final ErrorKey SESSION_REQUIRED =
      ErrorKey.of(
          "SESSION_REQUIRED",
          400,
          -32600,
          "Send the Mcp-Session-Id header that the initialize response carried.");
  public static final ErrorKey SESSION_NOT_FOUND =
      ErrorKey.of(
          "SESSION_NOT_FOUND",
          404,
          -32001,
          "The session is unknown or has ended: initialize a new one.");
  public static final ErrorKey SESSION_EXPIRED =
      ErrorKey.of(
          "SESSION_EXPIRED",
          404,
          -32001,
          "The upstream server ended this session: initialize a new one.");
  public static final ErrorKey UPSTREAM_UNAVAILABLE =
      ErrorKey.of(
          "UPSTREAM_UNAVAILABLE",
          502,
          -31031,
          "The upstream MCP server could not be reached: check that it runs and that the route's upstream.url is right.");
  public static final ErrorKey UPSTREAM_TIMEOUT =
      ErrorKey.of(
          "UPSTREAM_TIMEOUT",
          504,
          -31032,
          "The upstream did not answer in time: raise the route's timeouts.request if the tool is slow.");
  public static final ErrorKey UPSTREAM_PROTOCOL_ERROR =
      ErrorKey.of(
          "UPSTREAM_PROTOCOL_ERROR",
          502,
          -31033,
          "The upstream answered with something that is not MCP: check the route's upstream.url and transport.");
  public static final ErrorKey UPSTREAM_ERROR =
      ErrorKey.of("UPSTREAM_ERROR", 502, -31034, "The upstream MCP server failed: see its logs.");
  public static final ErrorKey UPSTREAM_RATE_LIMITED =
      ErrorKey.of(
          "UPSTREAM_RATE_LIMITED",
          429,
          -31036,
          "The upstream MCP server is rate limiting this route (HTTP 429): try again after"
              + " error.data.retryAfterSeconds (also the Retry-After header).");
  public static final ErrorKey UPSTREAM_RESPONSE_TOO_LARGE =
      ErrorKey.of(
          "UPSTREAM_RESPONSE_TOO_LARGE",
          502,
          -31035,
          "The upstream's answer exceeded gateway.max-response-size.");
  public static final ErrorKey REQUEST_CANCELLED =
      ErrorKey.of(
          "REQUEST_CANCELLED",
          200,
          -32800,
          "The caller cancelled this request; no answer follows.");
  public static final ErrorKey CLIENT_CAPABILITY_MISSING =
      ErrorKey.of(
          "CLIENT_CAPABILITY_MISSING",
          400,
          -32021,
          "The upstream asks the client for input (elicitation, sampling or roots) that this"
              + " session's initialize did not declare: declare the capability, or use a tool that"
              + " does not need it.");
  public static final ErrorKey INPUT_NEEDS_STREAM =
      ErrorKey.of(
          "INPUT_NEEDS_STREAM",
          406,
          -32600,
          "The upstream asks the client for input while answering: send Accept: application/json,"
              + " text/event-stream so the gateway can ask on the request's event stream.");
  public static final ErrorKey INPUT_FAILED =
      ErrorKey.of(
          "INPUT_FAILED",
          400,
          -32600,
          "The client answered the upstream's question with an error: see the message, and retry"
              + " the request.");
  public static final ErrorKey INPUT_ROUNDS_EXCEEDED =
      ErrorKey.of(
          "INPUT_ROUNDS_EXCEEDED",
          502,
          -31039,
          "The upstream kept asking for input past the gateway's limit of rounds: check the"
              + " upstream's tool.");
  public static final ErrorKey INPUT_NOT_PENDING =
      ErrorKey.of(
          "INPUT_NOT_PENDING",
          404,
          -32600,
          "No request with this id waits for the client's answer on this gateway replica: answer"
              + " while the request's event stream is open, on the same route (sticky to the"
              + " replica that asked).");
  public static final ErrorKey BRIDGE_POOL_FULL =
      ErrorKey.of(
          "BRIDGE_POOL_FULL",
          503,
          -31040,
          "Every pooled upstream session of this replica is in use: try again shortly, or raise"
              + " the bridge's max-sessions.");
  public static final ErrorKey METHOD_REMOVED =
      ErrorKey.of(
          "METHOD_REMOVED",
          404,
          -32601,
          "MCP 2026-07-28 has no such method (initialize, ping, logging/setLevel and"
              + " resources/subscribe are gone): send server/discover or subscriptions/listen.");
  public static final ErrorKey REQUEST_META_INVALID =
      ErrorKey.of(
          "REQUEST_META_INVALID",
          400,
          -32602,
          "Send params._meta with io.modelcontextprotocol/protocolVersion and"
              + " io.modelcontextprotocol/clientCapabilities on every 2026-07-28 request.");
  public static final ErrorKey PENDING_CALL_GONE =
      ErrorKey.of(
          "PENDING_CALL_GONE",
          400,
          -32602,
          "The call that asked for this input is no longer held (it expired, or the replica"
              + " holding it restarted or cannot be reached) and was not run again: send the"
              + " request anew, without inputResponses and requestState.");
  public static final ErrorKey INTERNAL_ERROR = Errors.INTERNAL_ERROR;

  private GatewayErrors() {}
}
