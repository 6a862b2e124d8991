package io.gatehouse.policy.resilience;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Section;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code resilience} section of a route: its upstream's circuit breaker (null: none) and how
 * many requests may be in flight to it at once (0: no limit).
 */
public record ResilienceSettings(CircuitSettings circuit, int concurrency) {
  public static final ResilienceSettings NONE = new ResilienceSettings(null, 0);
  private static final Set<String> FIELDS = Set.of("circuit-breaker", "concurrency");

  public boolean isOff() {
    return circuit == null && concurrency == 0;
  }

  public static final Section<ResilienceSettings> SECTION =
      new Section<>() {
        @Override
        public String name() {
          return "resilience";
        }

        @Override
        public ResilienceSettings read(JsonNode node, String path, Problems problems) {
          if (!Fields.object(node, path, FIELDS, problems)) {
            return NONE;
          }
          CircuitSettings circuit =
              CircuitSettings.read(
                  node.get("circuit-breaker"), path + ".circuit-breaker", problems);
          int concurrency =
              (int)
                  Fields.integer(
                      node.get("concurrency"), path + ".concurrency", 0, 1, 1_000_000, problems);
          return new ResilienceSettings(circuit, concurrency);
        }
      };
}
