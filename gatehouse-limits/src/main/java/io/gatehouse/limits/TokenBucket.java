package io.gatehouse.limits;

/**
 * A token bucket in process, kept as the time it will next be full (the generic cell rate
 * algorithm): each call moves that time one interval (period / rate) later, and a call that would
 * move it more than {@code burst} intervals past now is refused. Whole nanoseconds, so no rounding
 * drifts, and an idle bucket costs nothing.
 */
final class TokenBucket {
  private long fullAt;
  private Limit limit;

  TokenBucket(long nowNanos) {
    this.fullAt = nowNanos;
  }

  synchronized Decision take(Limit limit, long nowNanos) {
    this.limit = limit;
    long interval = interval(limit);
    long capacity = interval * limit.burst();
    long next = Math.max(fullAt, nowNanos) + interval;
    if (next - nowNanos > capacity) {
      long fullIn = Math.max(0, fullAt - nowNanos);
      return Decision.refuse(
          Decision.seconds(fullIn), Decision.seconds(next - nowNanos - capacity));
    }
    fullAt = next;
    return Decision.allow(
        (capacity - (next - nowNanos)) / interval, Decision.seconds(next - nowNanos));
  }

  /** Whether the bucket is full at {@code nowNanos}, so forgetting it changes nothing. */
  synchronized boolean fullAt(long nowNanos) {
    return limit != null && fullAt <= nowNanos;
  }

  static long interval(Limit limit) {
    return Math.max(1, limit.period().toNanos() / limit.amount());
  }
}
