package io.gatehouse.catalog;

import io.gatehouse.store.testing.TestDatabases;

class SqliteAdminTest extends AdminContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
