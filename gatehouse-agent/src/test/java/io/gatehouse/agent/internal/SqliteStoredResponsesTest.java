package io.gatehouse.agent.internal;

import io.gatehouse.store.testing.TestDatabases;

class SqliteStoredResponsesTest extends StoredResponsesContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
