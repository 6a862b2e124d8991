package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A full conformance run plus the one retry of its failed server-initiated-request scenarios. Those
 * four (sampling and elicitation) can time out when a server sends its request on the standalone
 * GET stream before the client opened it (reference notes §8.8), so one retry is allowed; every
 * other failure stands.
 */
public record ConformanceReport(SuiteRun first, List<SuiteRun> retries) {

  /**
   * The scenarios that need the server to send a request to the client in the middle of a
   * tools/call.
   */
  public static final List<String> SERVER_INITIATED_REQUEST_SCENARIOS =
      List.of(
          "tools-call-sampling", "tools-call-elicitation",
          "elicitation-sep1034-defaults", "elicitation-sep1330-enums");

  public ConformanceReport {
    requireNonNull(first, "first");
    retries = List.copyOf(retries);
  }

  /**
   * The scenarios of a first run that deserve the one retry: failed and in the server-initiated
   * set.
   */
  public static List<String> toRetry(SuiteRun first) {
    return first.failedScenarios().stream()
        .map(ScenarioResult::scenario)
        .filter(SERVER_INITIATED_REQUEST_SCENARIOS::contains)
        .toList();
  }

  /** The first run's results, with each retried scenario's result replaced by its retry's. */
  public List<ScenarioResult> finalResults() {
    Map<String, ScenarioResult> results = new LinkedHashMap<>();
    first.scenarios().forEach(result -> results.put(result.scenario(), result));
    retries.forEach(
        retry -> retry.scenarios().forEach(result -> results.put(result.scenario(), result)));
    return List.copyOf(results.values());
  }

  /** The names of the scenarios that passed in the end. */
  public List<String> passing() {
    return ScenarioResult.passing(finalResults());
  }

  public List<ScenarioResult> failedScenarios() {
    return finalResults().stream().filter(result -> !result.succeeded()).toList();
  }

  /**
   * One line for the build log, e.g. {@code conformance fixture-direct: 32/32 scenarios, 44 checks
   * passed, 2 warnings (first run: 31/32 in 61.9 s; retried tools-call-sampling: passed)}.
   */
  public String summary(String label) {
    List<ScenarioResult> results = finalResults();
    long passed = results.stream().filter(ScenarioResult::succeeded).count();
    int checks = results.stream().mapToInt(ScenarioResult::passed).sum();
    int warnings = results.stream().mapToInt(ScenarioResult::warnings).sum();
    return "conformance "
        + label
        + ": "
        + passed
        + "/"
        + results.size()
        + " scenarios, "
        + checks
        + " checks passed, "
        + warnings
        + " warnings (first run: "
        + first.passedScenarios()
        + "/"
        + first.scenarios().size()
        + " in "
        + seconds(first)
        + (first.timedOut() ? ", timed out" : "")
        + "; "
        + retrySummary()
        + ")";
  }

  /** The failed scenarios with their failed checks, one per line, for assertion messages. */
  public String failureDetails() {
    return failedScenarios().stream()
        .map(ScenarioResult::toString)
        .collect(
            Collectors.joining("\n  ", "\n  ", "\nconsole log of the first run: " + first.log()));
  }

  private String retrySummary() {
    if (retries.isEmpty()) {
      return "no retries";
    }
    return "retried "
        + retries.stream()
            .flatMap(retry -> retry.scenarios().stream())
            .map(
                result ->
                    result.scenario() + ": " + (result.succeeded() ? "passed" : "failed again"))
            .collect(Collectors.joining(", "));
  }

  private static String seconds(SuiteRun run) {
    return String.format(Locale.ROOT, "%.1f s", run.elapsed().toMillis() / 1000.0);
  }
}
