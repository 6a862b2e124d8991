package io.gatehouse.agent.define;

import io.gatehouse.store.testing.TestDatabases;

class PostgresAgentsTest extends AgentsContract {
  @Override
  TestDatabases.Throwaway open() {
    return TestDatabases.postgres();
  }
}
