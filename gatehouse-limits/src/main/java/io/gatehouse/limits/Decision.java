package io.gatehouse.limits;

/**
 * What a counter said about one call: admitted or not, what is left, and when it refills.
 *
 * @param remaining calls left now (tokens in the bucket, or calls left in the window)
 * @param resetSeconds seconds until the bucket is full again, or the window ends
 * @param retryAfterSeconds for a refusal, seconds until a call would be admitted
 */
public record Decision(boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {

  static Decision allow(long remaining, long resetSeconds) {
    return new Decision(true, remaining, resetSeconds, 0);
  }

  static Decision refuse(long resetSeconds, long retryAfterSeconds) {
    return new Decision(false, 0, resetSeconds, Math.max(1, retryAfterSeconds));
  }

  /** Whole seconds, rounded up, of {@code nanos}. */
  static long seconds(double nanos) {
    return (long) Math.ceil(Math.max(0, nanos) / 1e9);
  }
}
