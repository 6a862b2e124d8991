package io.gatehouse.observe.audit;

import io.gatehouse.store.testing.TestDatabases;

class SqliteAuditStoreTest extends AuditStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
