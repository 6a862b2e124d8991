package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one conformance scenario: its SUCCESS, FAILURE and WARNING check counts and the
 * messages of the failed checks. Like the CLI, it counts a scenario as passed when no check failed;
 * warnings do not fail.
 */
public record ScenarioResult(
    String scenario, int passed, int failed, int warnings, List<String> failures) {

  public ScenarioResult {
    requireNonNull(scenario, "scenario");
    failures = List.copyOf(failures);
  }

  public boolean succeeded() {
    return failed == 0;
  }

  /** The names of the scenarios in {@code results} that passed, in their order. */
  public static List<String> passing(List<ScenarioResult> results) {
    return results.stream()
        .filter(ScenarioResult::succeeded)
        .map(ScenarioResult::scenario)
        .toList();
  }

  /**
   * Whether no check failed or warned: how the CLI's client suite summary marks a scenario ✓ (it
   * exits 1 on a warning too).
   */
  public boolean clean() {
    return failed == 0 && warnings == 0;
  }

  @Override
  public String toString() {
    return scenario
        + ": "
        + passed
        + " passed, "
        + failed
        + " failed, "
        + warnings
        + " warnings"
        + (failures.isEmpty() ? "" : " " + failures);
  }
}
