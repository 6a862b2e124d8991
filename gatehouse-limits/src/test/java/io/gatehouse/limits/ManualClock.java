package io.gatehouse.limits;

import java.time.Duration;
import java.time.Instant;

/** A clock the test moves by hand. */
final class ManualClock implements LimitClock {
  private long nanos = 1_000_000_000L;
  private long millis;

  ManualClock(Instant now) {
    this.millis = now.toEpochMilli();
  }

  void advance(Duration d) {
    nanos += d.toNanos();
    millis += d.toMillis();
  }

  @Override
  public long nanos() {
    return nanos;
  }

  @Override
  public long epochMillis() {
    return millis;
  }
}
