package io.gatehouse.agent.approve;

import io.gatehouse.store.testing.TestDatabases;

class SqliteApprovalStoreTest extends ApprovalStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
