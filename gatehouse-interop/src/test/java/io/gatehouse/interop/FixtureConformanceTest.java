package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testkit.ConformanceFixtureServer;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite against the fixture server directly: the baseline for the gateway
 * runs.
 */
class FixtureConformanceTest {

  private static final int SERVER_SCENARIOS_IN_0_1_16 = 32;

  @Test
  void fixture_passes_all_32_conformance_server_scenarios() {
    NodeTools tools = NodeTools.require();
    try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start()) {
      ConformanceRunner runner = new ConformanceRunner(tools, tools.workDir("fixture-direct"));

      ConformanceReport report = runner.runSuiteWithRetry(fixture.url());

      System.out.println(report.summary("fixture-direct"));
      assertThat(report.finalResults())
          .as("scenarios reported; console log: %s", report.first().log())
          .hasSize(SERVER_SCENARIOS_IN_0_1_16);
      assertThat(report.failedScenarios())
          .as("failed scenarios:%s", report.failureDetails())
          .isEmpty();
    }
  }
}
