package io.gatehouse.limits;

import io.gatehouse.policy.traffic.PolicySetException;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.TrafficPart;
import io.gatehouse.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The limits of one process: the part that binds them to routes, and the counters behind it, in
 * process (quota windows in the store once it is open) or in Redis when {@code redis.url} is set.
 */
public final class LimitsEngine implements AutoCloseable {
  private final LimitClock clock;
  private final RedisCounters redis;
  private final LimitsPart part;
  private volatile Counters counters;
  private volatile QuotaStore store;

  private LimitsEngine(RedisSettings settings, MeterRegistry meters, LimitClock clock) {
    this.clock = clock;
    this.redis = settings.url() == null ? null : new RedisCounters(settings, clock, null, meters);
    this.counters = redis != null ? redis : new LocalCounters(clock, null);
    this.part = new LimitsPart(() -> counters, clock);
  }

  /**
   * The engine the {@code redis:} tree (null when absent) asks for.
   *
   * @throws PolicySetException naming every problem of the tree
   */
  public static LimitsEngine create(JsonNode redisTree, MeterRegistry meters, LimitClock clock) {
    Problems problems = new Problems();
    RedisSettings settings =
        redisTree == null ? RedisSettings.NONE : RedisSettings.read(redisTree, "redis", problems);
    problems.throwIfAny();
    return new LimitsEngine(settings, meters, clock);
  }

  public TrafficPart part() {
    return part;
  }

  /** Keeps quota windows in {@code db} from now on (the local counters read them from there). */
  public void open(Database db) {
    QuotaStore s = QuotaStore.open(db);
    store = s;
    if (redis != null) {
      redis.record(s);
    } else {
      counters = new LocalCounters(clock, s);
    }
  }

  /** The quota windows in the store, or null before {@link #open}. */
  public QuotaStore store() {
    return store;
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
    QuotaStore s = store;
    if (s != null) {
      s.close();
    }
  }
}
