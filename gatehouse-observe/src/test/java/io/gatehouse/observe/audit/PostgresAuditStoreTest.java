package io.gatehouse.observe.audit;

import io.gatehouse.store.testing.TestDatabases;

class PostgresAuditStoreTest extends AuditStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
