package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One run of the conformance CLI: the scenarios it reported, its exit code ({@code -1} when it was
 * killed after {@code timedOut}), how long it took, and where its checks.json files and console log
 * are.
 */
public record SuiteRun(
    List<ScenarioResult> scenarios,
    int exitCode,
    boolean timedOut,
    Duration elapsed,
    Path outputDir,
    Path log) {

  public SuiteRun {
    scenarios = List.copyOf(scenarios);
    requireNonNull(elapsed, "elapsed");
    requireNonNull(outputDir, "outputDir");
    requireNonNull(log, "log");
  }

  public List<ScenarioResult> failedScenarios() {
    return scenarios.stream().filter(result -> !result.succeeded()).toList();
  }

  public Optional<ScenarioResult> scenario(String name) {
    return scenarios.stream().filter(result -> result.scenario().equals(name)).findFirst();
  }

  /** The names of the scenarios that passed. */
  public List<String> passing() {
    return ScenarioResult.passing(scenarios);
  }

  public int passedScenarios() {
    return scenarios.size() - failedScenarios().size();
  }
}
