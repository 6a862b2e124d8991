package io.gatehouse.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis, exact across replicas: a call's limits are counted by one script ({@link
 * RedisScripts#COUNT}) in one round trip, sent asynchronously, so no thread waits for the reply.
 * When Redis cannot be reached (or does not answer within {@code redis.timeout}), the call is
 * counted in process instead ({@code on-failure: local}) or refused ({@code closed}); each such
 * failure counts in {@code gatehouse.limits.backend.failures} and is logged at most every ten
 * seconds. Counting returns to Redis as soon as it answers.
 */
public final class RedisCounters implements Counters {
  private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);
  private static final String PREFIX = "gatehouse:limits:";
  private static final String SHA = RedisLink.sha1(RedisScripts.COUNT);
  private static final long WARN_EVERY_MILLIS = 10_000;

  private final RedisSettings settings;
  private final RedisLink redis;
  private final LocalCounters fallback;
  private final LimitClock clock;
  private final Counter failures;
  private volatile QuotaStore store;
  private long lastWarn = -WARN_EVERY_MILLIS;
  private long suppressed;
  private volatile boolean failing;

  /**
   * @param store where quota windows are recorded for the usage API (Redis holds the counts), or
   *     null
   */
  public RedisCounters(
      RedisSettings settings, LimitClock clock, QuotaStore store, MeterRegistry meters) {
    this.settings = settings;
    this.clock = clock;
    this.store = store;
    this.fallback = new LocalCounters(clock, null);
    this.failures =
        Counter.builder("gatehouse.limits.backend.failures")
            .description("Counts Redis could not take, answered in process or refused instead")
            .tag("backend", "redis")
            .tag("on_failure", settings.failClosed() ? "closed" : "local")
            .register(meters);
    this.redis = new RedisLink(settings, clock);
  }

  /** Records quota windows in {@code store} too, for the usage API (Redis keeps the counts). */
  void record(QuotaStore store) {
    this.store = store;
  }

  @Override
  public boolean blocks(CounterKey key, Limit limit) {
    return false;
  }

  @Override
  public boolean async() {
    return true;
  }

  /** Waits for {@link #takeAsync}; for callers on a thread that may block. */
  @Override
  public Decision take(CounterKey key, Limit limit) {
    try {
      return takeAsync(key, limit).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Override
  public CompletionStage<List<Decision>> takeAllAsync(List<CounterKey> keys, List<Limit> limits) {
    long now = clock.epochMillis();
    String[] ids = new String[limits.size()];
    String[] args = new String[limits.size() * 3];
    for (int i = 0; i < limits.size(); i++) {
      Limit l = limits.get(i);
      if (l.isQuota()) {
        long start = l.window().start(now);
        ids[i] = PREFIX + "q:" + keys.get(i).id() + "@" + start;
        args[3 * i] = "q";
        args[3 * i + 1] = Long.toString(l.amount());
        args[3 * i + 2] = Long.toString(l.window().end(start) / 1000);
      } else {
        ids[i] = PREFIX + "r:" + keys.get(i).id();
        args[3 * i] = "r";
        args[3 * i + 1] = Long.toString(Math.max(1, TokenBucket.interval(l) / 1000));
        args[3 * i + 2] = Long.toString(l.burst());
      }
    }
    return redis
        .eval(SHA, RedisScripts.COUNT, ids, args)
        .handle(
            (r, e) -> {
              if (e == null) {
                if (failing) {
                  failing = false;
                  log.info("limits: Redis at {} answers again; counting there", settings);
                }
                return decisions(r, keys, limits, now);
              }
              return failed(keys, limits, RedisLink.unwrap(e));
            });
  }

  private List<Decision> decisions(
      List<Object> r, List<CounterKey> keys, List<Limit> limits, long now) {
    List<Decision> out = new ArrayList<>(r.size() / 4);
    for (int i = 0; i < r.size() / 4; i++) {
      Limit l = limits.get(i);
      boolean admitted = number(r, 4 * i) == 1;
      if (l.isQuota()) {
        long start = l.window().start(now);
        long end = l.window().end(start);
        long used = number(r, 4 * i + 1);
        long reset = Decision.seconds((end - now) * 1e6);
        QuotaStore s = store;
        if (admitted && s != null) {
          s.dirty(new QuotaRow(keys.get(i), start, end, used, l.amount()));
        }
        out.add(
            admitted ? Decision.allow(l.amount() - used, reset) : Decision.refuse(reset, reset));
      } else {
        long reset = Decision.seconds(number(r, 4 * i + 2) * 1000.0);
        out.add(
            admitted
                ? Decision.allow(number(r, 4 * i + 1), reset)
                : Decision.refuse(reset, Decision.seconds(number(r, 4 * i + 3) * 1000.0)));
      }
    }
    return out;
  }

  private List<Decision> failed(List<CounterKey> keys, List<Limit> limits, Throwable e) {
    failures.increment();
    failing = true;
    warn(e);
    if (settings.failClosed()) {
      throw new LimitsUnavailable("the shared counters (Redis) are unreachable");
    }
    return Counters.takeAll(fallback, keys, limits);
  }

  private void warn(Throwable e) {
    long now = clock.epochMillis();
    long quiet;
    synchronized (this) {
      if (now - lastWarn < WARN_EVERY_MILLIS) {
        suppressed++;
        return;
      }
      lastWarn = now;
      quiet = suppressed;
      suppressed = 0;
    }
    log.warn(
        "limits: Redis at {} failed ({}); {} meanwhile ({} more failure(s) since the last warning)",
        settings,
        e instanceof TimeoutException
            ? "no answer within " + settings.timeout().toMillis() + "ms"
            : e.getClass().getSimpleName(),
        settings.failClosed() ? "refusing calls with LIMITS_UNAVAILABLE" : "counting in process",
        quiet);
  }

  private static long number(List<Object> r, int i) {
    return ((Number) r.get(i)).longValue();
  }

  @Override
  public void close() {
    redis.close();
  }
}
