package io.gatehouse.observe.metrics;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The file's {@code metrics:} section.
 *
 * @param enabled whether {@code /metrics} is served and every exchange is counted (default true);
 *     false leaves no endpoint and no per-request work
 */
public record MetricsSettings(boolean enabled) {
  public static final MetricsSettings DEFAULTS = new MetricsSettings(true);

  /** Reads {@code node} (absent: the defaults), adding each problem under {@code path}. */
  public static MetricsSettings read(JsonNode node, String path, Problems problems) {
    if (!Fields.object(node, path, Set.of("enabled"), problems)) {
      return DEFAULTS;
    }
    return new MetricsSettings(Fields.bool(node.get("enabled"), path + ".enabled", true, problems));
  }
}
