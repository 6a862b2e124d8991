package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite's 2025-11-25 server scenarios ({@code conformance server
 * --requirements 2025-11-25}, 0.2.0-alpha.12) against the 2026-07-28 fixture, once directly (it
 * serves the session era itself, statelessly) and once through the reverse bridge, on a route fixed
 * to {@code upstream.protocol: 2026-07-28}, where the gateway holds the session and the fixture
 * sees only 2026-07-28 requests. Every scenario that passes directly must pass through the bridge
 * (none is exempt), and so must those only the bridge can pass: the fixture's tools ask with MRTR
 * ({@code input_required}), which the fixture's own session-era front cannot turn into requests to
 * the client, and it answers no {@code resources/subscribe} in that era. {@code
 * json-schema-2020-12} fails both ways: the fixture has no {@code json_schema_2020_12_tool}.
 */
class ReverseConformanceTest {
  static final String REVISION = "2025-11-25";

  /** What only the bridge can pass: server-to-client requests, subscriptions, DNS rebinding. */
  static final List<String> BRIDGE_ONLY =
      List.of(
          "tools-call-sampling",
          "tools-call-elicitation",
          "elicitation-sep1034-defaults",
          "elicitation-sep1330-enums",
          "resources-subscribe",
          "resources-unsubscribe",
          "dns-rebinding-protection");

  @Test
  void every_2025_scenario_that_passes_direct_passes_through_the_bridge() {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse gateway =
            RunningGatehouse.start(ReverseBridgeInteropTest.routes(fixture.url()))) {
      SuiteRun direct =
          ConformanceRunner.of2026(tools, "reverse-direct")
              .runRequirements(fixture.url(), REVISION);
      SuiteRun bridged =
          ConformanceRunner.of2026(tools, "reverse-bridged")
              .runRequirements(gateway.route("modern"), REVISION);
      System.out.println(counts("fixture-direct", direct));
      System.out.println(counts("through-reverse-bridge", bridged));

      List<String> passingDirect = direct.passing();
      assertThat(passingDirect)
          .as("direct run: %s", direct.failedScenarios())
          .contains(
              "tools-call-simple-text", "tools-call-with-progress", "tools-call-with-logging");
      assertThat(bridged.passing())
          .as("through the bridge: %s", bridged.failedScenarios())
          .containsAll(passingDirect)
          .containsAll(BRIDGE_ONLY);
    }
  }

  private static String counts(String label, SuiteRun run) {
    return "conformance "
        + REVISION
        + " "
        + label
        + ": "
        + run.passing().size()
        + "/"
        + run.scenarios().size()
        + " scenarios, "
        + run.scenarios().stream().mapToInt(ScenarioResult::passed).sum()
        + " checks passed; failing: "
        + run.failedScenarios().stream().map(ScenarioResult::scenario).toList();
  }
}
