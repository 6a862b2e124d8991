package io.gatehouse.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Token buckets and quota windows in process, on a clock moved by hand. */
class LocalCountersTest {
  private static final CounterKey KEY = new CounterKey("r", "calls", "api-key:a", "", "", "");

  private static Limit rate(long n, Duration period, long burst) {
    return new Limit("calls", n, period, null, burst, List.of(Limit.Per.CONSUMER), Set.of());
  }

  private static Limit quota(long n, QuotaWindow w) {
    return new Limit("daily", n, null, w, 0, List.of(Limit.Per.CONSUMER), Set.of());
  }

  @Test
  void a_bucket_admits_its_burst_then_refuses_until_a_token_comes_back() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    LocalCounters c = new LocalCounters(clock, null);
    Limit l = rate(6, Duration.ofMinutes(1), 3); // a token every 10 s, at most 3

    assertThat(c.take(KEY, l)).isEqualTo(new Decision(true, 2, 10, 0));
    assertThat(c.take(KEY, l).remaining()).isEqualTo(1);
    assertThat(c.take(KEY, l).remaining()).isZero();
    Decision refused = c.take(KEY, l);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(10);

    clock.advance(Duration.ofSeconds(9));
    assertThat(c.take(KEY, l).allowed()).isFalse();
    assertThat(c.take(KEY, l).retryAfterSeconds()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(c.take(KEY, l).allowed()).isTrue();
    assertThat(c.take(KEY, l).allowed()).isFalse();
  }

  @Test
  void an_idle_bucket_fills_to_its_burst_and_no_further() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    LocalCounters c = new LocalCounters(clock, null);
    Limit l = rate(2, Duration.ofSeconds(1), 2);
    c.take(KEY, l);
    c.take(KEY, l);
    clock.advance(Duration.ofHours(1));
    assertThat(c.take(KEY, l).allowed()).isTrue();
    assertThat(c.take(KEY, l).allowed()).isTrue();
    assertThat(c.take(KEY, l).allowed()).isFalse();
  }

  @Test
  void counters_are_separate_per_key() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    LocalCounters c = new LocalCounters(clock, null);
    Limit l = rate(1, Duration.ofMinutes(1), 1);
    CounterKey other = new CounterKey("r", "calls", "api-key:b", "", "", "");
    assertThat(c.take(KEY, l).allowed()).isTrue();
    assertThat(c.take(KEY, l).allowed()).isFalse();
    assertThat(c.take(other, l).allowed()).isTrue();
  }

  @Test
  void a_quota_is_used_up_within_its_utc_day_and_resets_at_midnight() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-10T23:59:00Z"));
    LocalCounters c = new LocalCounters(clock, null);
    Limit l = quota(2, QuotaWindow.DAY);
    assertThat(c.take(KEY, l)).isEqualTo(new Decision(true, 1, 60, 0));
    assertThat(c.take(KEY, l).remaining()).isZero();
    Decision refused = c.take(KEY, l);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(60);

    clock.advance(Duration.ofSeconds(60));
    assertThat(c.take(KEY, l)).isEqualTo(new Decision(true, 1, 86_400, 0));
  }

  @Test
  void windows_start_at_the_top_of_the_utc_hour_day_and_month() {
    long t = Instant.parse("2026-02-14T13:45:12Z").toEpochMilli();
    assertThat(Instant.ofEpochMilli(QuotaWindow.HOUR.start(t))).hasToString("2026-02-14T13:00:00Z");
    assertThat(Instant.ofEpochMilli(QuotaWindow.DAY.start(t))).hasToString("2026-02-14T00:00:00Z");
    long month = QuotaWindow.MONTH.start(t);
    assertThat(Instant.ofEpochMilli(month)).hasToString("2026-02-01T00:00:00Z");
    assertThat(Instant.ofEpochMilli(QuotaWindow.MONTH.end(month)))
        .hasToString("2026-03-01T00:00:00Z");
  }
}
