package io.gatehouse.limits;

/** The shared counters cannot be reached and the settings say to refuse rather than guess. */
final class LimitsUnavailable extends RuntimeException {
  LimitsUnavailable(String message) {
    super(message, null, false, false);
  }
}
