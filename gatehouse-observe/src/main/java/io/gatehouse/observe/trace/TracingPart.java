package io.gatehouse.observe.trace;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.TrafficPart;
import java.util.List;
import java.util.Map;

/**
 * Adds tracing to every route: the server span's policy first in {@code AUDIT}, and marks first in
 * each other phase that holds policies, so each phase gets a child span. It must run after the
 * other parts, to see which phases they filled. The server adds it only when tracing is on.
 */
public final class TracingPart implements TrafficPart {
  private final Tracing tracing;

  public TracingPart(Tracing tracing) {
    this.tracing = requireNonNull(tracing, "tracing");
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    for (Phase p : Phase.ORDER) {
      List<McpPolicy> in = byPhase.get(p);
      if (p != Phase.AUDIT) {
        in.addAll(0, PhaseMark.of(p, in));
      }
    }
    byPhase.get(Phase.AUDIT).addFirst(new ServerSpans(tracing.tracer(), route.name()));
  }
}
