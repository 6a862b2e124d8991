package io.gatehouse.limits;

import io.gatehouse.core.ErrorKey;

/** The error keys a caller sees when a limit refuses a call. */
public final class LimitsErrors {
  private LimitsErrors() {}

  public static final ErrorKey RATE_LIMITED =
      ErrorKey.of(
          "RATE_LIMITED",
          429,
          -31050,
          "Too many calls for this limit: try again after error.data.retryAfterSeconds (also the"
              + " Retry-After header).");

  public static final ErrorKey QUOTA_EXCEEDED =
      ErrorKey.of(
          "QUOTA_EXCEEDED",
          429,
          -31051,
          "The quota of this window is used up: try again after error.data.retryAfterSeconds, when"
              + " the window resets, or ask an operator for a larger quota.");

  public static final ErrorKey LIMITS_UNAVAILABLE =
      ErrorKey.of(
          "LIMITS_UNAVAILABLE",
          503,
          -31052,
          "Gatehouse cannot reach the shared counters (Redis) and the route is set to refuse then"
              + " (redis.on-failure: closed): try again shortly; operators check Redis.");
}
