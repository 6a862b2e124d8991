package io.gatehouse.identity;

import io.gatehouse.store.testing.TestDatabases;

class PostgresIdentityTest extends IdentityContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
