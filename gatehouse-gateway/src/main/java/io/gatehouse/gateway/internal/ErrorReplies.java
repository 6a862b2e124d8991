package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcId;
import java.util.Map;

/** Builds the JSON-RPC error bodies the gateway answers with. */
final class ErrorReplies {
  private ErrorReplies() {}

  static byte[] body(JsonRpcId id, io.gatehouse.core.ErrorKey error, String message) {
    return JsonRpcErrors.response(id, error.rpcCode(), message, error.key(), error.hint());
  }

  static byte[] body(JsonRpcId id, GatewayException e) {
    return body(id, e.error(), e.getMessage());
  }

  /**
   * The answer to a request whose handling failed: a JSON-RPC error response with HTTP 200 for failures
   * past the transport (so the caller's MCP client shows the key and hint), the error's own status
   * for transport-level ones such as an ended session.
   */
  static McpOutcome.Reply forRequest(JsonRpcId id, GatewayException e) {
    int status = e.error().isUpstream() || e.error() == GatewayErrors.REQUEST_CANCELLED ? 200 : e.error().httpStatus();
    return new McpOutcome.Reply(status, body(id, e), e.error().key(), Map.of());
  }

  /** The answer to a notification or response that could not be delivered: an HTTP error, no id. */
  static McpOutcome.Reply forDelivery(GatewayException e) {
    return new McpOutcome.Reply(e.error().httpStatus(), body(null, e), e.error().key(), Map.of());
  }
}
