package io.gatehouse.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.traffic.KnownTools;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.TrafficPart;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds the metrics policy to every route, in the {@code AUDIT} phase, which sees every exchange,
 * refused ones too. The server registers it only when metrics are enabled. A route's meters are
 * kept by its name, so a reload keeps counting into the same series.
 */
public final class MetricsPart implements TrafficPart {
  private final MeterRegistry registry;
  private final KnownTools knownTools;
  private final Map<String, RouteMeters> byRoute = new ConcurrentHashMap<>();

  public MetricsPart(MeterRegistry registry, KnownTools knownTools) {
    this.registry = requireNonNull(registry, "registry");
    this.knownTools = requireNonNull(knownTools, "knownTools");
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    RouteMeters meters =
        byRoute.computeIfAbsent(route.name(), name -> new RouteMeters(registry, name));
    byPhase.get(Phase.AUDIT).add(new RequestMetrics(route.name(), meters, knownTools));
  }
}
