package io.gatehouse.limits;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters in this process: token buckets and quota windows in memory. With a {@link QuotaStore}
 * quota windows are read from the store on their first use (off the event loop) and written behind,
 * so quotas survive a restart; without one (Redis's stand-in while Redis is away) they start from
 * zero. Limits hold per process, not across replicas.
 */
public final class LocalCounters implements Counters {
  /** Above this many counters, full buckets and ended windows are forgotten. */
  private static final int SWEEP_ABOVE = 50_000;

  private final LimitClock clock;
  private final QuotaStore store;
  // Buckets by the key itself: a record's hash and equals over its few strings cost less than
  // joining them into an id on every call.
  private final Map<CounterKey, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, QuotaCount> windows = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  /**
   * @param store where quota windows persist, or null to keep them in memory only
   */
  public LocalCounters(LimitClock clock, QuotaStore store) {
    this.clock = clock;
    this.store = store;
  }

  @Override
  public boolean blocks(CounterKey key, Limit limit) {
    return store != null && limit.isQuota() && !windows.containsKey(windowId(key, limit));
  }

  @Override
  public Decision take(CounterKey key, Limit limit) {
    return limit.isQuota() ? quota(key, limit) : rate(key, limit);
  }

  private Decision rate(CounterKey key, Limit limit) {
    long now = clock.nanos();
    TokenBucket b = buckets.get(key);
    if (b == null) {
      sweep();
      b = buckets.computeIfAbsent(key, k -> new TokenBucket(now));
    }
    return b.take(limit, now);
  }

  private Decision quota(CounterKey key, Limit limit) {
    long now = clock.epochMillis();
    long start = limit.window().start(now);
    String id = key.id() + "@" + start;
    QuotaCount c = windows.get(id);
    if (c == null) {
      sweep();
      c =
          windows.computeIfAbsent(
              id, k -> new QuotaCount(start, limit.window().end(start), stored(key, start)));
    }
    Decision d = c.take(limit, now);
    if (store != null && d.allowed()) {
      store.dirty(new QuotaRow(key, c.windowStart, c.windowEnd, c.used(), limit.amount()));
    }
    return d;
  }

  private long stored(CounterKey key, long start) {
    // blocks() sent the first use of a window off the event loop (to a virtual thread); a window
    // that began between blocks() and here is met on the event loop, which never reads the store:
    // it starts from 0, as a window that began this instant has (short of a restart within it).
    if (store == null || !Thread.currentThread().isVirtual()) {
      return 0;
    }
    OptionalLong used = store.used(key, start);
    return used.orElse(0);
  }

  private String windowId(CounterKey key, Limit limit) {
    return key.id() + "@" + limit.window().start(clock.epochMillis());
  }

  private void sweep() {
    long millis = clock.epochMillis();
    if (buckets.size() + windows.size() < SWEEP_ABOVE || millis - lastSweep < 1000) {
      return;
    }
    lastSweep = millis;
    windows.values().removeIf(c -> c.windowEnd <= millis);
    long nanos = clock.nanos();
    buckets.values().removeIf(b -> b.fullAt(nanos)); // a full bucket is the same as a new one
  }

  @Override
  public void close() {}
}
