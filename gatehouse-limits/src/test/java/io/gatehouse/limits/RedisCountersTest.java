package io.gatehouse.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.limits.testing.RedisProcess;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counters in a real Redis (a redis-server child of this test): exact across instances sharing it,
 * kept across a restart of the counting process, and what happens while Redis is away.
 */
class RedisCountersTest {
  private static final CounterKey KEY = new CounterKey("r", "calls", "api-key:a", "", "", "");
  private static final Limit RATE =
      new Limit(
          "calls", 10, Duration.ofMinutes(1), null, 10, List.of(Limit.Per.CONSUMER), Set.of());
  private static final Limit QUOTA =
      new Limit("daily", 7, null, QuotaWindow.DAY, 0, List.of(Limit.Per.CONSUMER), Set.of());

  private RedisProcess redis;
  private final List<RedisCounters> opened = new ArrayList<>();
  private final MeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
  }

  @AfterEach
  void stop() {
    opened.forEach(RedisCounters::close);
    redis.close();
  }

  private RedisCounters counters(boolean failClosed) {
    RedisCounters c =
        new RedisCounters(
            // A stopped Redis refuses connections at once; the timeout only has to outlast a busy
            // machine, or a slow command would count in process and break the exact totals.
            new RedisSettings(URI.create(redis.url()), failClosed, Duration.ofSeconds(5)),
            LimitClock.SYSTEM,
            null,
            meters);
    opened.add(c);
    return c;
  }

  private double failures() {
    return meters.get("gatehouse.limits.backend.failures").counter().count();
  }

  @Test
  void three_instances_sharing_redis_admit_exactly_the_limit_of_many_concurrent_calls()
      throws Exception {
    List<RedisCounters> replicas = List.of(counters(false), counters(false), counters(false));
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      RedisCounters c = replicas.get(i % 3);
      Limit l = i % 2 == 0 ? RATE : QUOTA;
      calls.add(() -> c.take(KEY, l).allowed());
    }
    int rate = 0;
    int quota = 0;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> done = pool.invokeAll(calls);
      for (int i = 0; i < done.size(); i++) {
        if (done.get(i).get()) {
          if (i % 2 == 0) {
            rate++;
          } else {
            quota++;
          }
        }
      }
    }
    assertThat(rate).isEqualTo(10);
    assertThat(quota).isEqualTo(7);
    assertThat(failures()).isZero();
  }

  @Test
  void a_calls_limits_are_counted_in_one_request_and_counting_stops_at_the_first_refusal() {
    RedisCounters c = counters(false);
    Limit one = new Limit("one", 1, Duration.ofMinutes(1), null, 1, List.of(), Set.of());
    CounterKey quotaKey = new CounterKey("r", "daily", "api-key:a", "", "", "");
    List<CounterKey> keys = List.of(KEY, quotaKey);

    List<Decision> first = c.takeAllAsync(keys, List.of(one, QUOTA)).toCompletableFuture().join();
    List<Decision> second = c.takeAllAsync(keys, List.of(one, QUOTA)).toCompletableFuture().join();

    assertThat(first).extracting(Decision::allowed).containsExactly(true, true);
    assertThat(first.get(1).remaining()).isEqualTo(6);
    assertThat(second).singleElement().extracting(Decision::allowed).isEqualTo(false);
    assertThat(c.take(quotaKey, QUOTA).remaining())
        .as("the refused call was not counted")
        .isEqualTo(5);
  }

  @Test
  void refusals_say_when_to_try_again() {
    RedisCounters c = counters(false);
    Decision first = c.take(KEY, RATE);
    assertThat(first).isEqualTo(new Decision(true, 9, 6, 0));
    for (int i = 0; i < 9; i++) {
      c.take(KEY, RATE);
    }
    Decision refused = c.take(KEY, RATE);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isBetween(5L, 6L);
  }

  @Test
  void a_quota_counted_in_redis_survives_a_restart_of_the_counting_process() {
    RedisCounters before = counters(false);
    for (int i = 0; i < 5; i++) {
      assertThat(before.take(KEY, QUOTA).allowed()).isTrue();
    }
    before.close();
    opened.remove(before);

    RedisCounters after = counters(false);
    assertThat(after.take(KEY, QUOTA)).extracting(Decision::remaining).isEqualTo(1L);
    assertThat(after.take(KEY, QUOTA).allowed()).isTrue();
    assertThat(after.take(KEY, QUOTA).allowed()).isFalse();
  }

  @Test
  void with_redis_away_on_failure_local_counts_in_process_and_returns_to_redis() {
    RedisCounters a = counters(false);
    RedisCounters b = counters(false);
    Limit two = new Limit("two", 2, Duration.ofMinutes(1), null, 2, List.of(), Set.of());
    assertThat(a.take(KEY, two).allowed()).isTrue();

    redis.stop();
    // Each process now counts alone, the same limit per process: a has one call left, b two.
    assertThat(a.take(KEY, two).allowed()).isTrue();
    assertThat(a.take(KEY, two).allowed()).isTrue();
    assertThat(a.take(KEY, two).allowed()).isFalse();
    assertThat(b.take(KEY, two).allowed()).isTrue();
    assertThat(failures()).isEqualTo(4);

    redis.startAgain(); // empty: the shared count starts again
    Awaitility.await("counting in Redis again")
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              double before = failures();
              return a.take(new CounterKey("probe", "p", "", "", "", ""), two).allowed()
                  && failures() == before;
            });
    assertThat(a.take(KEY, two).allowed()).isTrue();
    assertThat(b.take(KEY, two).allowed()).isTrue();
    assertThat(b.take(KEY, two).allowed()).as("shared again: a and b took the two").isFalse();
  }

  @Test
  void with_redis_away_on_failure_closed_refuses_and_recovers() {
    RedisCounters c = counters(true);
    assertThat(c.take(KEY, RATE).allowed()).isTrue();

    redis.stop();
    assertThatThrownBy(() -> c.take(KEY, RATE)).isInstanceOf(LimitsUnavailable.class);
    assertThatThrownBy(() -> c.take(KEY, QUOTA)).isInstanceOf(LimitsUnavailable.class);
    assertThat(failures()).isEqualTo(2);

    redis.startAgain();
    Awaitility.await("counting in Redis again")
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptionsInstanceOf(LimitsUnavailable.class)
        .until(() -> c.take(KEY, RATE).allowed());
    assertThat(c.take(KEY, QUOTA).allowed()).isTrue();
  }
}
