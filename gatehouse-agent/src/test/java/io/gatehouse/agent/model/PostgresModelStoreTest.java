package io.gatehouse.agent.model;

import io.gatehouse.store.testing.TestDatabases;

class PostgresModelStoreTest extends ModelStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
