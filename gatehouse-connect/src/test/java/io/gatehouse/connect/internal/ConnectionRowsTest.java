package io.gatehouse.connect.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.connect.Connections;
import io.gatehouse.store.Database;
import io.gatehouse.store.testing.TestDatabases;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The history of checks, on SQLite and on a real PostgreSQL. */
class ConnectionRowsTest {
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> stores() {
    return LeaseRowsTest.stores();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_check_that_ends_after_its_connection_was_deleted_is_not_kept(
      String kind, Supplier<TestDatabases.Throwaway> store) {
    try (TestDatabases.Throwaway t = store.get()) {
      Database db = t.database();
      db.migrate("connect", Connections.MIGRATIONS);
      ConnectionRows.Row row =
          new ConnectionRows.Row(
              "default",
              "docs",
              "http://127.0.0.1:9/mcp",
              "auto",
              "{\"type\":\"none\"}",
              1,
              1,
              null,
              null,
              "api");
      db.write(
          tx -> {
            ConnectionRows.insert(tx, row);
            ConnectionRows.addCheck(tx, "default", "docs", 10, "{\"status\":\"Connected\"}");
            ConnectionRows.delete(tx, "default", "docs");
            ConnectionRows.addCheck(tx, "default", "docs", 20, "{\"status\":\"Failed\"}");
            ConnectionRows.insert(tx, row);
            return null;
          });

      java.util.List<String> kept = db.read(tx -> ConnectionRows.checks(tx, "default", "docs"));
      assertThat(kept).isEmpty();
    }
  }
}
