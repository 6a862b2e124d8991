package io.gatehouse.limits;

import io.gatehouse.store.testing.TestDatabases;

class SqliteQuotaStoreTest extends QuotaStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
