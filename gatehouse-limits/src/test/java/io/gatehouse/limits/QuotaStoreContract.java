package io.gatehouse.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Quota windows in the store, the same on SQLite and PostgreSQL: they survive a restart. */
abstract class QuotaStoreContract {
  private static final Limit QUOTA =
      new Limit("daily", 5, null, QuotaWindow.DAY, 0, List.of(Limit.Per.CONSUMER), Set.of());
  private static final CounterKey KEY =
      new CounterKey("weather", "daily", "api-key:alice", "default", "", "");

  abstract TestDatabases.Throwaway open();

  /** Runs {@code take} where the policy runs a blocking count: on a virtual thread. */
  private static Decision offTheLoop(java.util.concurrent.Callable<Decision> take) {
    try (var v = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      return v.submit(take).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_quota_window_survives_a_restart_and_is_listed_for_its_consumer() {
    ManualClock clock = new ManualClock(Instant.now());
    try (TestDatabases.Throwaway db = open()) {
      QuotaStore first = QuotaStore.open(db.database());
      LocalCounters before = new LocalCounters(clock, first);
      assertThat(before.blocks(KEY, QUOTA)).as("first use reads the store").isTrue();
      assertThat(offTheLoop(() -> before.take(KEY, QUOTA)).allowed()).isTrue();
      for (int i = 0; i < 2; i++) {
        assertThat(before.take(KEY, QUOTA).allowed()).isTrue();
      }
      assertThat(before.blocks(KEY, QUOTA)).isFalse();
      first.close(); // a clean stop writes what is left

      QuotaStore second = QuotaStore.open(db.database());
      LocalCounters onLoop = new LocalCounters(clock, second);
      // A window met on an event loop (not sent off it by blocks()) never waits for the store.
      assertThat(onLoop.take(KEY, QUOTA).remaining()).isEqualTo(4);
      LocalCounters after = new LocalCounters(clock, second);
      assertThat(after.blocks(KEY, QUOTA)).isTrue();
      assertThat(offTheLoop(() -> after.take(KEY, QUOTA)).remaining()).isEqualTo(1);
      assertThat(after.take(KEY, QUOTA).allowed()).isTrue();
      assertThat(after.take(KEY, QUOTA).allowed()).isFalse();
      second.flush();

      List<QuotaRow> rows = second.windows("api-key:alice", null, clock.epochMillis());
      assertThat(rows).hasSize(1);
      assertThat(rows.getFirst().used()).isEqualTo(5);
      assertThat(rows.getFirst().quota()).isEqualTo(5);
      assertThat(rows.getFirst().key().route()).isEqualTo("weather");
      assertThat(rows.getFirst().windowEnd())
          .isEqualTo(QuotaWindow.DAY.end(QuotaWindow.DAY.start(clock.epochMillis())));
      assertThat(second.windows("api-key:alice", "other", clock.epochMillis())).isEmpty();
      assertThat(second.windows("api-key:bob", null, clock.epochMillis())).isEmpty();

      clock.advance(Duration.ofDays(1));
      assertThat(second.windows("api-key:alice", null, clock.epochMillis()))
          .as("a window that has reset is not listed")
          .isEmpty();
      second.close();
    }
  }
}
