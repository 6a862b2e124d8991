package io.gatehouse.catalog;

import io.gatehouse.store.testing.TestDatabases;

class PostgresRegistryTest extends RegistryContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
