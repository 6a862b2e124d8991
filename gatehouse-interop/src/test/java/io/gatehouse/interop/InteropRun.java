package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outcomes of the interop scenarios for one client and upstream mode, e.g. {@code ts-sdk/sse}:
 * one summary line for the build log and one JUnit test per scenario, so a failure names its
 * scenario.
 */
record InteropRun(String label, List<ScenarioOutcome> outcomes) {

  InteropRun {
    requireNonNull(label, "label");
    outcomes = List.copyOf(outcomes);
  }

  /**
   * Orders {@code reported} as {@code expected} and fails every expected scenario that reported
   * nothing.
   */
  static InteropRun of(
      String label, List<String> expected, List<ScenarioOutcome> reported, String whyMissing) {
    Map<String, ScenarioOutcome> byName =
        reported.stream()
            .collect(
                Collectors.toMap(
                    ScenarioOutcome::scenario, Function.identity(), (first, second) -> first));
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    for (String scenario : expected) {
      outcomes.add(
          byName.getOrDefault(
              scenario,
              ScenarioOutcome.failed(
                  scenario, new AssertionError("no outcome reported. " + whyMissing), 0)));
    }
    return new InteropRun(label, outcomes);
  }

  /**
   * Waits for a scenario script to end and reads its outcomes as {@link #of} does; an expected
   * scenario it did not report fails with how the script ended, its last output and {@code
   * upstreamDiagnostics}.
   */
  static InteropRun ofScript(
      String label,
      List<String> expected,
      ChildProcess script,
      Duration timeout,
      String upstreamDiagnostics) {
    boolean finished = script.waitFor(timeout);
    String whyMissing =
        (finished
                ? "The script exited with " + script.exitCode()
                : "The script was stopped after " + timeout)
            + "."
            + script.diagnostics()
            + upstreamDiagnostics;
    return of(label, expected, outcomes(script.stdout()), whyMissing);
  }

  /**
   * The outcomes a scenario script printed, one JSON line each, {@code {"scenario", "passed",
   * "detail", "millis"}}; its other lines are not outcomes.
   */
  private static List<ScenarioOutcome> outcomes(List<String> stdout) {
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    for (String line : stdout) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode o = JsonMapper.shared().readTree(line);
      String scenario = o.path("scenario").asString();
      long millis = o.path("millis").asLong();
      outcomes.add(
          o.path("passed").asBoolean()
              ? ScenarioOutcome.passed(scenario, millis)
              : ScenarioOutcome.failed(
                  scenario, new AssertionError(o.path("detail").asString()), millis));
    }
    return outcomes;
  }

  /** {@code interop ts-sdk/streamableHttp: 9/9 scenarios passed}, naming the failed ones if any. */
  String summary() {
    List<String> failed =
        outcomes.stream().filter(o -> !o.succeeded()).map(ScenarioOutcome::scenario).toList();
    long millis = outcomes.stream().mapToLong(ScenarioOutcome::millis).sum();
    return "interop "
        + label
        + ": "
        + (outcomes.size() - failed.size())
        + "/"
        + outcomes.size()
        + " scenarios passed in "
        + millis
        + " ms"
        + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed));
  }

  /**
   * One test per scenario, failing with the scenario's failure, labelled {@code ts-sdk/sse
   * echo-...: }.
   */
  Stream<DynamicTest> tests() {
    return outcomes.stream()
        .map(
            o ->
                DynamicTest.dynamicTest(
                    o.scenario(),
                    () -> {
                      if (o.failure() != null) {
                        throw new AssertionError(
                            label + " " + o.scenario() + ": " + o.failure().getMessage(),
                            o.failure());
                      }
                    }));
  }
}
