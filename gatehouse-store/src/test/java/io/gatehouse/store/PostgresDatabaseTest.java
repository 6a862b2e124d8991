package io.gatehouse.store;

import io.gatehouse.store.testing.TestDatabases;

class PostgresDatabaseTest extends DatabaseContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
