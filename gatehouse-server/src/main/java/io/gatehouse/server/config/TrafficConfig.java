package io.gatehouse.server.config;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The file's traffic settings, kept as trees for the traffic parts to read (each reads its own,
 * naming every problem): the global policy set ({@code policies:}), each route's ({@code
 * routes[].policies}), and the engines' settings ({@code redis:}, {@code audit:}, {@code metrics:},
 * {@code tracing:}), each null when the file leaves it out.
 *
 * @param routes by route name, each set with the path it was found at
 */
public record TrafficConfig(
    JsonNode global,
    Map<String, RouteSet> routes,
    JsonNode redis,
    JsonNode audit,
    JsonNode metrics,
    JsonNode tracing) {
  /** The path of the global set in the file. */
  public static final String GLOBAL_PATH = "policies";

  public static final TrafficConfig NONE =
      new TrafficConfig(null, Map.of(), null, null, null, null);

  /** A route's policy set and where it was written. */
  public record RouteSet(JsonNode set, String path) {}

  public TrafficConfig {
    routes = Map.copyOf(routes);
  }
}
