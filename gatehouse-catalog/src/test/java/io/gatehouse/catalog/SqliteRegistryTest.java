package io.gatehouse.catalog;

import io.gatehouse.store.testing.TestDatabases;

class SqliteRegistryTest extends RegistryContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
