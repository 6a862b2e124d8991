package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite's 2025-11-25 server scenarios ({@code conformance server
 * --requirements 2025-11-25}, 0.2.0-alpha.12) against the 2026-07-28 fixture, once directly (it
 * serves the session era itself, statelessly) and once through the reverse bridge, on a route fixed
 * to {@code upstream.protocol: 2026-07-28}, where the gateway holds the session and the fixture
 * sees only 2026-07-28 requests. Every scenario that passes directly must pass through the bridge,
 * except those named in {@link #NOT_BRIDGED} with the reason.
 */
class ReverseConformanceTest {
  static final String REVISION = "2025-11-25";

  /** Scenarios that pass directly and cannot pass through the bridge, and why. */
  static final Map<String, String> NOT_BRIDGED = Map.of();

  @Test
  void every_2025_scenario_that_passes_direct_passes_through_the_bridge() {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse gateway =
            RunningGatehouse.start(ReverseBridgeInteropTest.routes(fixture.url()))) {
      SuiteRun direct = runner(tools, "reverse-direct").runRequirements(fixture.url(), REVISION);
      SuiteRun bridged =
          runner(tools, "reverse-bridged").runRequirements(gateway.route("modern"), REVISION);
      System.out.println(counts("fixture-direct", direct));
      System.out.println(counts("through-reverse-bridge", bridged));

      List<String> expected =
          passing(direct).stream().filter(s -> !NOT_BRIDGED.containsKey(s)).toList();
      assertThat(expected).as("direct run: %s", direct.failedScenarios()).isNotEmpty();
      assertThat(passing(bridged))
          .as("through the bridge: %s", bridged.failedScenarios())
          .containsAll(expected);
    }
  }

  private static ConformanceRunner runner(NodeTools tools, String dir) {
    return new ConformanceRunner(tools, tools.workDir(dir), tools.conformance2026Cli());
  }

  private static List<String> passing(SuiteRun run) {
    return run.scenarios().stream()
        .filter(ScenarioResult::succeeded)
        .map(ScenarioResult::scenario)
        .toList();
  }

  private static String counts(String label, SuiteRun run) {
    return "conformance "
        + REVISION
        + " "
        + label
        + ": "
        + passing(run).size()
        + "/"
        + run.scenarios().size()
        + " scenarios, "
        + run.scenarios().stream().mapToInt(ScenarioResult::passed).sum()
        + " checks passed; failing: "
        + run.failedScenarios().stream().map(ScenarioResult::scenario).toList();
  }
}
