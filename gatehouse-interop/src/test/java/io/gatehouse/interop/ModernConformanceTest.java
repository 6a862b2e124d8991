package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite's MCP 2026-07-28 server scenarios ({@code conformance server
 * --requirements 2026-07-28}, 0.2.0-alpha.12) against Gatehouse's 2026-07-28 fixture server
 * directly and through a gateway route whose upstream era is detected ({@code protocol: auto}):
 * every scenario the fixture passes directly must pass through the gateway, no scenario may pass
 * fewer checks through it than direct, and the gateway adds the DNS rebinding protection the
 * fixture lacks. The unscored {@code http-header-validation} scenario must pass through the gateway
 * too: the gateway checks the headers itself.
 */
class ModernConformanceTest {
  static final String REVISION = "2026-07-28";

  @Test
  void every_2026_scenario_that_passes_direct_passes_through_the_gateway() {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse gateway = RunningGatehouse.start(routes(fixture.url()))) {
      SuiteRun direct =
          ConformanceRunner.of2026(tools, "modern-direct").runRequirements(fixture.url(), REVISION);
      SuiteRun viaGateway =
          ConformanceRunner.of2026(tools, "modern-via-gateway")
              .runRequirements(gateway.route("modern"), REVISION);
      System.out.println(counts("fixture-direct", direct));
      System.out.println(counts("through-gateway", viaGateway));

      List<String> passingDirect = direct.passing();
      assertThat(passingDirect)
          .as("direct run: %s", direct.failedScenarios())
          .contains(
              "tools-call-simple-text",
              "tools-call-with-progress",
              "caching",
              "input-required-result-multi-round",
              "input-required-result-tampered-state",
              "http-header-validation");
      assertThat(viaGateway.passing())
          .as("through the gateway: %s", viaGateway.failedScenarios())
          .containsAll(passingDirect)
          .contains("dns-rebinding-protection", "http-header-validation");
      for (ScenarioResult d : direct.scenarios()) {
        assertThat(viaGateway.scenario(d.scenario()))
            .as("checks passed through the gateway, %s direct", d)
            .hasValueSatisfying(g -> assertThat(g.passed()).isGreaterThanOrEqualTo(d.passed()));
      }
    }
  }

  static String routes(URI upstream) {
    return "routes:\n"
        + "  - name: modern\n"
        + "    upstream: {url: '"
        + upstream
        + "', transport: streamable-http, protocol: auto}\n";
  }

  /** Scored (the revision's frozen set) and unscored counts, the way the report states them. */
  static String counts(String label, SuiteRun run) {
    List<ScenarioResult> scored =
        run.scenarios().stream().filter(r -> scored(r.scenario())).toList();
    List<ScenarioResult> unscored =
        run.scenarios().stream().filter(r -> !scored(r.scenario())).toList();
    return "conformance "
        + REVISION
        + " "
        + label
        + ": scored "
        + scored.stream().filter(ScenarioResult::succeeded).count()
        + "/"
        + scored.size()
        + " scenarios, "
        + run.scenarios().stream().mapToInt(ScenarioResult::passed).sum()
        + " checks passed; unscored "
        + unscored.stream().filter(ScenarioResult::succeeded).count()
        + "/"
        + unscored.size()
        + " (http-header-validation: "
        + run.scenario("http-header-validation").map(ScenarioResult::toString).orElse("not run")
        + "); failing: "
        + run.failedScenarios().stream().map(ScenarioResult::scenario).toList();
  }

  /** Whether the 2026-07-28 requirement set scores the scenario (extensions and pending do not). */
  static boolean scored(String scenario) {
    return !scenario.startsWith("tasks-")
        && !List.of(
                "json-schema-2020-12",
                "http-header-validation",
                "http-custom-header-server-validation")
            .contains(scenario);
  }
}
