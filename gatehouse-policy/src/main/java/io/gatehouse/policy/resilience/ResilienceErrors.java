package io.gatehouse.policy.resilience;

import io.gatehouse.core.ErrorKey;

/** The error keys of the resilience policies: answered by Gatehouse, the upstream untouched. */
public final class ResilienceErrors {
  private ResilienceErrors() {}

  public static final ErrorKey UPSTREAM_CIRCUIT_OPEN =
      ErrorKey.of(
          "UPSTREAM_CIRCUIT_OPEN",
          503,
          -31037,
          "The upstream failed repeatedly, so Gatehouse stopped sending it calls for a while: try"
              + " again after error.data.retryAfterSeconds (also the Retry-After header), and check"
              + " the upstream's health.");

  public static final ErrorKey UPSTREAM_BUSY =
      ErrorKey.of(
          "UPSTREAM_BUSY",
          503,
          -31038,
          "The upstream already has as many calls in flight as the route allows"
              + " (resilience.concurrency): try again after error.data.retryAfterSeconds.");
}
