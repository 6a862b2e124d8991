package io.gatehouse.catalog;

import io.gatehouse.store.testing.TestDatabases;

class PostgresImportTest extends ImportContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
