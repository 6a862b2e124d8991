package io.gatehouse.vault;

import io.gatehouse.store.testing.TestDatabases;

class PostgresVaultTest extends VaultContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
