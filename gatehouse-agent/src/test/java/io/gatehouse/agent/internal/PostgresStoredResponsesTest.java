package io.gatehouse.agent.internal;

import io.gatehouse.store.testing.TestDatabases;

class PostgresStoredResponsesTest extends StoredResponsesContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
