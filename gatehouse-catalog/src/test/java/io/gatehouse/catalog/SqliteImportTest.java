package io.gatehouse.catalog;

import io.gatehouse.store.testing.TestDatabases;

class SqliteImportTest extends ImportContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
