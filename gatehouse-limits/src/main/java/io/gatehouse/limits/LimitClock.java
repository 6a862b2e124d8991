package io.gatehouse.limits;

/**
 * The two clocks counters read: a monotonic one for token buckets, and the wall clock (UTC) for
 * quota windows. Tests pass one they move by hand.
 */
public interface LimitClock {
  LimitClock SYSTEM =
      new LimitClock() {
        @Override
        public long nanos() {
          return System.nanoTime();
        }

        @Override
        public long epochMillis() {
          return System.currentTimeMillis();
        }
      };

  long nanos();

  long epochMillis();
}
