package io.gatehouse.connect.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.connect.Connections;
import io.gatehouse.store.Database;
import io.gatehouse.store.testing.TestDatabases;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A consent keeps the authorization server it was started with (migration V7), on SQLite and on a
 * real PostgreSQL: issued links have none, started ones the issuer, token endpoint, client id,
 * resource and whether iss is required.
 */
class ConsentRowsTest {
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> stores() {
    return LeaseRowsTest.stores();
  }

  static boolean start(Database db, String id, String state, String browser, ConsentRows.Server s) {
    return db.write(tx -> ConsentRows.start(tx, id, state, browser, 7, s, 2_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_started_consent_keeps_the_server_it_goes_to(
      String kind, Supplier<TestDatabases.Throwaway> store) {
    try (TestDatabases.Throwaway t = store.get()) {
      Database db = t.database();
      db.migrate("connect", Connections.MIGRATIONS);
      ConsentRows.Row link =
          new ConsentRows.Row(
              "link-1", "default", "svc", "alice", null, ConsentRows.PENDING, 1_000, 9_000);
      ConsentRows.Row other =
          new ConsentRows.Row(
              "link-2", "default", "svc", "bob", null, ConsentRows.PENDING, 1_000, 9_000);
      db.write(
          tx -> {
            ConsentRows.insert(tx, link);
            ConsentRows.insert(tx, other);
            return null;
          });
      assertThat(db.read(tx -> ConsentRows.find(tx, "link-1")).orElseThrow().server()).isNull();

      ConsentRows.Server as1 =
          new ConsentRows.Server(
              "http://127.0.0.1:1", "http://127.0.0.1:1/token", "client-1", "http://x/mcp", true);
      ConsentRows.Server configured =
          new ConsentRows.Server(null, "http://127.0.0.1:2/token", "gatehouse", null, false);
      assertThat(start(db, "link-1", "s1", "b1", as1)).isTrue();
      assertThat(start(db, "link-2", "s2", "b2", configured)).isTrue();
      assertThat(start(db, "link-1", "s3", "b3", configured)).as("started once").isFalse();

      ConsentRows.Row started = db.read(tx -> ConsentRows.byState(tx, "s1")).orElseThrow();
      assertThat(started.server()).isEqualTo(as1);
      assertThat(started.connectionVersion()).isEqualTo(7);
      assertThat(db.read(tx -> ConsentRows.byState(tx, "s2")).orElseThrow().server())
          .isEqualTo(configured);
    }
  }
}
