package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The policies bound to one route, by phase. Their request hooks run after the gateway-wide
 * policies of the same phase, their response hooks (in reverse, as all response hooks) before them.
 * They travel in the route's {@link RouteDefinition}, so a configuration reload or a catalog change
 * swaps them with the route, atomically, without touching open sessions. Two sets are equal when
 * they hold equal policies in the same order (policies that are records compare by value), so a
 * reload that changes nothing changes no route.
 */
public final class RoutePolicies {
  public static final RoutePolicies NONE = new RoutePolicies(Map.of());

  private final Map<Phase, List<McpPolicy>> byPhase;
  private volatile Merged merged;

  private record Merged(PolicyPipeline base, PolicyPipeline pipeline) {}

  private RoutePolicies(Map<Phase, List<McpPolicy>> byPhase) {
    this.byPhase = byPhase;
  }

  /** The policies of {@code byPhase}; within a phase, in list order. */
  public static RoutePolicies of(Map<Phase, List<McpPolicy>> byPhase) {
    Map<Phase, List<McpPolicy>> copy = new EnumMap<>(Phase.class);
    byPhase.forEach(
        (phase, policies) -> {
          if (!policies.isEmpty()) {
            copy.put(requireNonNull(phase, "phase"), List.copyOf(policies));
          }
        });
    return copy.isEmpty() ? NONE : new RoutePolicies(Map.copyOf(copy));
  }

  /** One policy in one phase. */
  public static RoutePolicies of(Phase phase, McpPolicy policy) {
    return of(Map.of(phase, List.of(policy)));
  }

  public boolean isEmpty() {
    return byPhase.isEmpty();
  }

  /** These policies, then {@code more}'s, phase by phase. */
  public RoutePolicies plus(RoutePolicies more) {
    if (more.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return more;
    }
    Map<Phase, List<McpPolicy>> all = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.ORDER) {
      List<McpPolicy> both = new ArrayList<>(in(phase));
      both.addAll(more.in(phase));
      all.put(phase, both);
    }
    return of(all);
  }

  /** The policies of {@code phase}, in the order they run. */
  public List<McpPolicy> in(Phase phase) {
    return byPhase.getOrDefault(phase, List.of());
  }

  /** The pipeline of {@code base}'s policies and these, built once per base and kept. */
  PolicyPipeline over(PolicyPipeline base) {
    Merged m = merged;
    if (m != null && m.base() == base) {
      return m.pipeline();
    }
    Map<Phase, List<McpPolicy>> all = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.ORDER) {
      List<McpPolicy> both = new ArrayList<>(base.policiesIn(phase));
      both.addAll(in(phase));
      all.put(phase, both);
    }
    PolicyPipeline p = PolicyPipeline.forOneRoute(all);
    merged = new Merged(base, p);
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoutePolicies other && byPhase.equals(other.byPhase);
  }

  @Override
  public int hashCode() {
    return byPhase.hashCode();
  }

  @Override
  public String toString() {
    return "RoutePolicies" + byPhase;
  }
}
