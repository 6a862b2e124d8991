package io.gatehouse.agent.model;

import io.gatehouse.store.testing.TestDatabases;

class SqliteModelStoreTest extends ModelStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
