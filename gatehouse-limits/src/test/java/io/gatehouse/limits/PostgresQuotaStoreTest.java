package io.gatehouse.limits;

import io.gatehouse.store.testing.TestDatabases;

class PostgresQuotaStoreTest extends QuotaStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
