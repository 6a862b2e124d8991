package io.gatehouse.policy.resilience;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * When a circuit breaker opens and for how long.
 *
 * @param failures consecutive failures that open it
 * @param failureRate the percentage of failed calls within {@code window} that opens it, once at
 *     least {@code minCalls} were made in it
 * @param openFor how long it stays open before probes are let through
 * @param halfOpenCalls how many probes may be in flight while half open
 */
public record CircuitSettings(
    int failures,
    int failureRate,
    int minCalls,
    Duration window,
    Duration openFor,
    int halfOpenCalls) {
  public static final CircuitSettings DEFAULT =
      new CircuitSettings(5, 50, 10, Duration.ofSeconds(60), Duration.ofSeconds(30), 1);

  private static final Set<String> FIELDS =
      Set.of("failures", "failure-rate", "min-calls", "window", "open-for", "half-open-calls");

  /** Reads {@code circuit-breaker}; null when absent. */
  static CircuitSettings read(JsonNode node, String path, Problems problems) {
    if (!Fields.object(node, path, FIELDS, problems)) {
      return null;
    }
    CircuitSettings d = DEFAULT;
    return new CircuitSettings(
        (int)
            Fields.integer(
                node.get("failures"), path + ".failures", d.failures(), 1, 100_000, problems),
        (int)
            Fields.integer(
                node.get("failure-rate"),
                path + ".failure-rate",
                d.failureRate(),
                1,
                100,
                problems),
        (int)
            Fields.integer(
                node.get("min-calls"), path + ".min-calls", d.minCalls(), 1, 1_000_000, problems),
        Fields.duration(node.get("window"), path + ".window", d.window(), problems),
        Fields.duration(node.get("open-for"), path + ".open-for", d.openFor(), problems),
        (int)
            Fields.integer(
                node.get("half-open-calls"),
                path + ".half-open-calls",
                d.halfOpenCalls(),
                1,
                10_000,
                problems));
  }
}
