package io.gatehouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.testing.TestDatabases;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The replicas' table, the same tests on SQLite and on a real PostgreSQL. */
abstract class ReplicasTest {
  private static final Duration EXPIRY = Duration.ofSeconds(15);

  abstract TestDatabases.Throwaway database();

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void replicas_find_each_other_and_a_stopped_one_is_gone_at_once() {
    try (TestDatabases.Throwaway db = database();
        Replicas a =
            Replicas.open(
                db.database(),
                "a",
                URI.create("http://127.0.0.1:1001"),
                EXPIRY,
                Clock.systemUTC());
        Replicas b =
            Replicas.open(
                db.database(),
                "b",
                URI.create("http://127.0.0.1:1002"),
                EXPIRY,
                Clock.systemUTC())) {
      assertThat(a.lookup("b")).isEqualTo(URI.create("http://127.0.0.1:1002"));
      assertThat(b.lookup("a")).isEqualTo(URI.create("http://127.0.0.1:1001"));
      assertThat(b.serving()).containsOnlyKeys("a", "b");
      assertThat(a.lookup("nobody")).isNull();
      b.close();
      assertThat(a.lookup("b")).isNull();
    }
  }

  @Test
  void a_replica_not_seen_for_the_expiry_is_gone() {
    TestClock clock = new TestClock();
    try (TestDatabases.Throwaway db = database();
        Replicas a =
            Replicas.open(db.database(), "a", URI.create("http://127.0.0.1:1001"), EXPIRY, clock)) {
      // b announces itself, then dies without a word (its heartbeat with it)
      Replicas.open(db.database(), "b", URI.create("http://127.0.0.1:1002"), EXPIRY, clock)
          .stopBeating();
      assertThat(a.lookup("b")).isEqualTo(URI.create("http://127.0.0.1:1002"));
      clock.now.set(clock.now.get().plus(EXPIRY).plusMillis(1));
      assertThat(a.lookup("b")).isNull();
    }
  }

  @Test
  void while_the_store_is_out_the_last_known_address_is_used() {
    TestClock clock = new TestClock();
    try (TestDatabases.Throwaway db = database()) {
      Replicas.open(db.database(), "b", URI.create("http://127.0.0.1:1002"), EXPIRY, clock)
          .stopBeating();
      Replicas a =
          Replicas.open(db.database(), "a", URI.create("http://127.0.0.1:1001"), EXPIRY, clock);
      a.stopBeating();
      clock.now.set(clock.now.get().plus(EXPIRY).plusMillis(1));
      db.database().close();
      // a store outage must not end every forwarded session: the peer may well be there
      assertThat(a.lookup("b")).isEqualTo(URI.create("http://127.0.0.1:1002"));
      assertThat(a.lookup("never-seen")).isNull();
    }
  }

  static final class OnSqlite extends ReplicasTest {
    @Override
    TestDatabases.Throwaway database() {
      return TestDatabases.sqlite();
    }
  }

  static final class OnPostgres extends ReplicasTest {
    @Override
    TestDatabases.Throwaway database() {
      return TestDatabases.postgres();
    }
  }
}
