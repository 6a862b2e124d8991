package io.gatehouse.agent.run;

import io.gatehouse.store.testing.TestDatabases;

class SqliteSqlResponseStoreTest extends SqlResponseStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
