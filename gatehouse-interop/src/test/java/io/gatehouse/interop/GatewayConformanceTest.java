package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite through the gateway, beside the same suite against the fixture
 * directly: every scenario that passes direct must pass through the gateway, and the gateway must
 * itself protect against DNS rebinding.
 */
class GatewayConformanceTest {

  @Test
  void every_scenario_that_passes_direct_passes_through_the_gateway() {
    NodeTools tools = NodeTools.require();
    try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start();
        RunningGatehouse gateway =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("conformance", fixture.url(), "auto"))) {
      ConformanceReport direct =
          new ConformanceRunner(tools, tools.workDir("direct")).runSuiteWithRetry(fixture.url());
      ConformanceReport viaGateway =
          new ConformanceRunner(tools, tools.workDir("via-gateway"))
              .runSuiteWithRetry(gateway.route("conformance"));
      System.out.println(direct.summary("fixture-direct"));
      System.out.println(viaGateway.summary("through-gateway"));

      List<String> passingDirect =
          direct.finalResults().stream()
              .filter(ScenarioResult::succeeded)
              .map(ScenarioResult::scenario)
              .toList();
      List<String> passingViaGateway =
          viaGateway.finalResults().stream()
              .filter(ScenarioResult::succeeded)
              .map(ScenarioResult::scenario)
              .toList();
      assertThat(passingDirect).as("direct run: %s", direct.failureDetails()).hasSize(32);
      assertThat(passingViaGateway)
          .as("through the gateway: %s", viaGateway.failureDetails())
          .containsAll(passingDirect)
          .contains("dns-rebinding-protection");
    }
  }
}
