package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.UpstreamRateLimited;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcId;
import java.util.Map;

/**
 * The JSON-RPC error bodies the gateway answers with: the key's code, the message, the key and hint
 * in {@code data}.
 */
final class RpcErrors {
  private RpcErrors() {}

  static byte[] body(JsonRpcId id, ErrorKey key, String message) {
    return JsonRpcErrors.response(id, key.rpcCode(), message, key.key(), key.hint());
  }

  /** A policy's refusal, with the members its verdict adds to {@code error.data}. */
  static byte[] body(JsonRpcId id, io.gatehouse.gateway.Verdict.Refuse r) {
    return r.data().isEmpty()
        ? body(id, r.key(), r.message())
        : JsonRpcErrors.response(
            id, r.key().rpcCode(), r.message(), r.key().key(), r.key().hint(), r.data());
  }

  static byte[] body(JsonRpcId id, GatewayException e) {
    if (e instanceof UpstreamRateLimited r && r.retryAfterSeconds() >= 0) {
      return JsonRpcErrors.response(
          id,
          e.error().rpcCode(),
          e.getMessage(),
          e.error().key(),
          e.error().hint(),
          Map.of("retryAfterSeconds", Long.toString(r.retryAfterSeconds())));
    }
    return body(id, e.error(), e.getMessage());
  }

  /** The headers an error answer carries: {@code Retry-After} for an upstream's 429. */
  static Map<String, String> headers(GatewayException e) {
    return e instanceof UpstreamRateLimited r && r.retryAfterSeconds() >= 0
        ? Map.of("Retry-After", Long.toString(r.retryAfterSeconds()))
        : Map.of();
  }

  /**
   * The HTTP status of a failed request's answer: 200 for failures past the transport (the caller's
   * MCP client then shows the key and hint), the key's own status for transport-level ones such as
   * an ended session.
   */
  static int statusForRequest(ErrorKey key) {
    return key.isUpstream() || key == GatewayErrors.REQUEST_CANCELLED ? 200 : key.httpStatus();
  }
}
