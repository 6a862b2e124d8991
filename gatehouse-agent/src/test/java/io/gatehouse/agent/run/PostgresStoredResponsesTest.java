package io.gatehouse.agent.run;

import io.gatehouse.store.testing.TestDatabases;

class PostgresSqlResponseStoreTest extends SqlResponseStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
