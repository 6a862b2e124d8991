package io.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.testing.TestDatabases;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqliteDatabaseTest extends DatabaseContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }

  @Test
  void runs_in_wal_mode_with_foreign_keys_on() {
    try (TestDatabases.Throwaway t = TestDatabases.sqlite()) {
      Optional<String> journal =
          t.database().read(tx -> tx.first("PRAGMA journal_mode", r -> r.getString(1)));
      Optional<Integer> foreignKeys =
          t.database().read(tx -> tx.first("PRAGMA foreign_keys", r -> r.getInt(1)));
      assertThat(journal).contains("wal");
      assertThat(foreignKeys).contains(1);
    }
  }
}
