package io.gatehouse.connect.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.connect.Connections;
import io.gatehouse.store.Database;
import io.gatehouse.store.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scheduled validation's lease, on SQLite and on a real PostgreSQL. */
class LeaseRowsTest {
  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("sqlite", (Supplier<TestDatabases.Throwaway>) TestDatabases::sqlite),
        Arguments.of("postgres", (Supplier<TestDatabases.Throwaway>) TestDatabases::postgres));
  }

  static boolean take(Database db, String holder, long now, long until) {
    return db.write(tx -> LeaseRows.take(tx, "validation", holder, now, until));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void one_holder_at_a_time_and_another_takes_over_once_it_expired(
      String kind, Supplier<TestDatabases.Throwaway> store) {
    try (TestDatabases.Throwaway t = store.get()) {
      Database db = t.database();
      db.migrate("connect", Connections.MIGRATIONS);

      assertThat(take(db, "a", 1_000, 2_000)).isTrue();
      assertThat(take(db, "b", 1_500, 2_500)).isFalse();
      assertThat(take(db, "a", 1_500, 2_500)).as("the holder renews").isTrue();
      assertThat(take(db, "b", 2_400, 3_400)).isFalse();
      assertThat(take(db, "b", 2_500, 3_500)).as("expired: b takes over").isTrue();
      assertThat(take(db, "a", 2_600, 3_600)).as("a lost it").isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void of_replicas_trying_at_once_exactly_one_gets_it(
      String kind, Supplier<TestDatabases.Throwaway> store) throws Exception {
    try (TestDatabases.Throwaway t = store.get();
        ExecutorService pool = Executors.newFixedThreadPool(8)) {
      Database db = t.database();
      db.migrate("connect", Connections.MIGRATIONS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String holder = "replica-" + i;
        Callable<Boolean> attempt =
            () -> {
              go.await();
              return take(db, holder, 10_000, 20_000);
            };
        tries.add(pool.submit(attempt));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : tries) {
        won += f.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    }
  }
}
