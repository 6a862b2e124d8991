package io.gatehouse.identity;

import io.gatehouse.store.testing.TestDatabases;

class SqliteIdentityTest extends IdentityContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
