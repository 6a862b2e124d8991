package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

/**
 * What one interop scenario did for one client and upstream mode.
 *
 * @param failure null when the scenario passed; else what to throw from its test
 */
record ScenarioOutcome(String scenario, Throwable failure, long millis) {

  ScenarioOutcome {
    requireNonNull(scenario, "scenario");
  }

  static ScenarioOutcome passed(String scenario, long millis) {
    return new ScenarioOutcome(scenario, null, millis);
  }

  static ScenarioOutcome failed(String scenario, Throwable failure, long millis) {
    return new ScenarioOutcome(scenario, requireNonNull(failure, "failure"), millis);
  }

  boolean succeeded() {
    return failure == null;
  }
}
