package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite through the gateway, beside the same suite against the fixture
 * directly: every scenario that passes direct must pass through the gateway, and the gateway must
 * itself protect against DNS rebinding. A third run goes through a route with its policies on but
 * admitting the suite's anonymous client (address rules for loopback, tool, prompt and resource
 * rules that allow every fixture name, so every list answer is read and filtered): the pipeline
 * itself must change nothing it should not.
 */
class GatewayConformanceTest {

  @Test
  void every_scenario_that_passes_direct_passes_through_the_gateway() {
    NodeTools tools = NodeTools.require();
    try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start();
        RunningGatehouse gateway =
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("conformance", fixture.url(), "auto")
                    + RunningGatehouse.route("policed", fixture.url(), "auto")
                    + "    ip: {allow: [127.0.0.0/8, '::1'], deny: [10.66.0.0/16]}\n"
                    + "    tools: {allow: ['*'], deny: ['admin-*']}\n"
                    + "    prompts: {allow: ['*']}\n"
                    + "    resources: {allow: ['*']}\n")) {
      ConformanceReport direct =
          new ConformanceRunner(tools, tools.workDir("direct")).runSuiteWithRetry(fixture.url());
      ConformanceReport viaGateway =
          new ConformanceRunner(tools, tools.workDir("via-gateway"))
              .runSuiteWithRetry(gateway.route("conformance"));
      ConformanceReport viaPolicies =
          new ConformanceRunner(tools, tools.workDir("via-policies"))
              .runSuiteWithRetry(gateway.route("policed"));
      System.out.println(direct.summary("fixture-direct"));
      System.out.println(viaGateway.summary("through-gateway"));
      System.out.println(viaPolicies.summary("through-gateway-with-policies"));

      List<String> passingDirect = direct.passing();
      List<String> passingViaGateway = viaGateway.passing();
      assertThat(passingDirect).as("direct run: %s", direct.failureDetails()).hasSize(32);
      assertThat(passingViaGateway)
          .as("through the gateway: %s", viaGateway.failureDetails())
          .containsAll(passingDirect)
          .contains("dns-rebinding-protection");
      assertThat(viaPolicies.passing())
          .as("through a route with policies: %s", viaPolicies.failureDetails())
          .containsAll(passingDirect);
    }
  }
}
