package io.gatehouse.agent.approve;

import io.gatehouse.store.testing.TestDatabases;

class PostgresApprovalStoreTest extends ApprovalStoreContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
