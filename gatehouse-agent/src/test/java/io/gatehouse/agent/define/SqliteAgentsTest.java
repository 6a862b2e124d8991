package io.gatehouse.agent.define;

import io.gatehouse.store.testing.TestDatabases;

class SqliteAgentsTest extends AgentsContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.sqlite();
  }
}
