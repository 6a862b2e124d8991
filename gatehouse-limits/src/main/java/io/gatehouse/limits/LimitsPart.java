package io.gatehouse.limits;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.policy.traffic.TrafficPart;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The limits part: reads the {@code limits} section of a route's policy sets and, when some limit
 * applies (to the route or to a tool entry), binds a {@link LimitsPolicy} in {@link
 * Phase#RATE_LIMIT}. Counters are kept by the engine, keyed by route and limit name, so a reload
 * changes the settings and keeps the counts.
 */
public final class LimitsPart implements TrafficPart {
  private static final LimitsSection SECTION = new LimitsSection();
  private final Supplier<Counters> counters;
  private final LimitClock clock;

  /**
   * @param counters the counters in use (they change once the store is open)
   */
  public LimitsPart(Supplier<Counters> counters, LimitClock clock) {
    this.counters = counters;
    this.clock = clock;
  }

  @Override
  public List<String> sections() {
    return List.of(SECTION.name());
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    Scoped<LimitSet> limits = Scoped.read(tree, SECTION, problems);
    if (limits.route().isEmpty() && !limits.toolSpecific()) {
      return;
    }
    byPhase.get(Phase.RATE_LIMIT).add(new LimitsPolicy(route.name(), limits, counters, clock));
  }
}
