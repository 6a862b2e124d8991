package io.gatehouse.catalog;

import io.gatehouse.store.testing.TestDatabases;

class PostgresAdminTest extends AdminContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
