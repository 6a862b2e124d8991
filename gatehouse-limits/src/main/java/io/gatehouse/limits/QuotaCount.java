package io.gatehouse.limits;

/** The calls counted in one quota window, in process. */
final class QuotaCount {
  final long windowStart;
  final long windowEnd;
  private long used;

  QuotaCount(long windowStart, long windowEnd, long used) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.used = used;
  }

  synchronized Decision take(Limit limit, long nowMillis) {
    long reset = Decision.seconds((windowEnd - nowMillis) * 1e6);
    if (used >= limit.amount()) {
      return Decision.refuse(reset, reset);
    }
    used++;
    return Decision.allow(limit.amount() - used, reset);
  }

  synchronized long used() {
    return used;
  }
}
