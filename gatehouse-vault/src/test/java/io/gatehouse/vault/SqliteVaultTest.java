package io.gatehouse.vault;

import io.gatehouse.store.testing.TestDatabases;

class SqliteVaultTest extends VaultContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
