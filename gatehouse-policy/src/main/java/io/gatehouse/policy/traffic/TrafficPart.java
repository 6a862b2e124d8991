package io.gatehouse.policy.traffic;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import java.util.List;
import java.util.Map;

/**
 * One kind of traffic policy (validation, limits, injection, resilience, audit and metrics): given
 * a route and the policy sets that apply to it, adds its policies to the route. The server runs
 * every part for every route, whichever source published it, whenever the route or a policy set
 * changes; a part keeps what must outlive a change (counters, breakers, learned schemas) itself,
 * keyed by route name, so a reload swaps the settings and keeps the state.
 */
public interface TrafficPart {
  /**
   * The sections of a policy set this part reads ({@code limits}, say); a member of a set that no
   * part reads is a problem, so a misspelt section is never silently ignored.
   */
  default List<String> sections() {
    return List.of();
  }

  /**
   * Reads this part's sections from {@code tree}, adding each problem to {@code problems}, and adds
   * the policies the route needs (none when the sets leave this part off) to {@code byPhase}. Must
   * not keep anything when {@code problems} gained entries: a set with problems is refused whole.
   */
  void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase);
}
