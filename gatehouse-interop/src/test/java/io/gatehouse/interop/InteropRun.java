package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

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
