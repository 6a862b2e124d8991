package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.gateway.mrtr.RequestDigest;
import io.gatehouse.gateway.mrtr.RequestState;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge's sealed {@code requestState}: purpose {@code bridge}, bound to the caller's
 * principal, the route, a digest of the original request, a short expiry and this replica, which
 * holds the upstream request; the payload is the held call's id. The client must treat it as
 * opaque, and the gateway treats what comes back as attacker-controlled (MRTR, 2026-07-28).
 */
final class BridgeStates {
  static final String PURPOSE = InputRetry.HELD_CALL;

  private final RequestStateSealer sealer;
  private final String replica;
  private final Duration expiry;

  BridgeStates(RequestStateSealer sealer, String replica, Duration expiry) {
    this.sealer = sealer;
    this.replica = replica;
    this.expiry = expiry;
  }

  String seal(McpExchange ex, String holdId) {
    return sealer.seal(
        new RequestState(
            PURPOSE,
            ex.principalId(),
            ex.route().name(),
            RequestDigest.of(ex.body()),
            System.currentTimeMillis() + expiry.toMillis(),
            replica,
            holdId));
  }

  /**
   * Opens the {@code requestState} of a retry.
   *
   * @throws io.gatehouse.gateway.GatewayException REQUEST_STATE_INVALID or REQUEST_STATE_EXPIRED
   */
  RequestState open(McpExchange ex, ObjectNode request) {
    return sealer.open(
        BridgeJson.params(request).path("requestState").asString(""),
        PURPOSE,
        ex.principalId(),
        ex.route().name(),
        RequestDigest.of(ex.body()),
        System.currentTimeMillis());
  }
}
