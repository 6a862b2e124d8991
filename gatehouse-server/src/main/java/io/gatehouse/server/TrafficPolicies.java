package io.gatehouse.server;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Errors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.traffic.PolicySetStore;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.TrafficPart;
import io.gatehouse.server.config.TrafficConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Binds the traffic policies to every route, whichever source published it: for each route, the
 * policy sets that apply to it (the global one and the route's own) go through every {@link
 * TrafficPart}, and what they add runs after the route's own policies. A new set of policy sets is
 * checked against every route first, as a whole, and refused with every problem listed while the
 * running one stays.
 */
final class TrafficPolicies implements UnaryOperator<RouteDefinition> {
  private static final Logger log = LoggerFactory.getLogger(TrafficPolicies.class);

  static final ErrorKey POLICY_INVALID =
      ErrorKey.of(
          "POLICY_INVALID",
          503,
          -32603,
          "The route's policy sets do not hold together, so Gatehouse refuses its calls rather than"
              + " run it without them: the server log names each problem; fix the policies.");

  /**
   * The policy sets in force: the file's, and the admin API's for the scopes the file leaves unset
   * (by scope: {@code global}, {@code route:NAME}).
   */
  record Sets(TrafficConfig file, Map<String, JsonNode> stored) {
    static final Sets NONE = new Sets(TrafficConfig.NONE, Map.of());

    Sets {
      stored = Map.copyOf(stored);
    }

    static Sets of(TrafficConfig file) {
      return new Sets(file, Map.of());
    }

    Sets withFile(TrafficConfig next) {
      return new Sets(next, stored);
    }

    Sets withStored(Map<String, JsonNode> next) {
      return new Sets(file, next);
    }

    /** Whether the file sets {@code scope}, so the admin API may not. */
    boolean fromFile(String scope) {
      String route = PolicySetStore.routeOf(scope);
      return route == null ? file.global() != null : file.routes().containsKey(route);
    }

    JsonNode global() {
      return file.global() != null ? file.global() : stored.get(PolicySetStore.GLOBAL);
    }

    String globalPath() {
      return file.global() != null ? TrafficConfig.GLOBAL_PATH : "policies/global";
    }

    /** Every route's own set, with the path its problems are named under. */
    Map<String, TrafficConfig.RouteSet> routes() {
      Map<String, TrafficConfig.RouteSet> out = new java.util.TreeMap<>();
      stored.forEach(
          (scope, set) -> {
            String route = PolicySetStore.routeOf(scope);
            if (route != null) {
              out.put(route, new TrafficConfig.RouteSet(set, "policies/routes/" + route));
            }
          });
      out.putAll(file.routes());
      return out;
    }

    PolicyTree tree(String route) {
      TrafficConfig.RouteSet own = routes().get(route);
      return PolicyTree.of(
          global(),
          globalPath(),
          own == null ? null : own.set(),
          own == null ? "policies/routes/" + route : own.path());
    }
  }

  private record Decorated(RouteDefinition from, PolicyTree tree, RouteDefinition to) {}

  private final List<TrafficPart> parts;
  private volatile Sets sets = Sets.NONE;
  // Until the admin API's sets are read from the store, a route could run without them: its calls
  // are answered STARTING (503, Retry-After) instead, for the fraction of a second that takes.
  private volatile boolean storedRead;
  private final Map<String, Decorated> kept = new ConcurrentHashMap<>();

  TrafficPolicies(List<TrafficPart> parts) {
    this.parts = List.copyOf(parts);
  }

  /** The problems {@code candidate} would have on {@code routes}, every one; empty if none. */
  Problems check(Sets candidate, Collection<RouteDefinition> routes) {
    Problems problems = new Problems();
    knownSections(candidate.global(), candidate.globalPath(), problems);
    candidate.routes().values().forEach(s -> knownSections(s.set(), s.path(), problems));
    for (RouteDefinition r : routes) {
      contribute(r, candidate.tree(r.name()), problems);
    }
    return problems;
  }

  /** Adds a problem for each member of {@code set} (and of its tool entries) no part reads. */
  private void knownSections(JsonNode set, String path, Problems problems) {
    if (set == null || !set.isObject()) {
      return;
    }
    Set<String> known = new TreeSet<>();
    parts.forEach(p -> known.addAll(p.sections()));
    for (String name : set.propertyNames()) {
      if (name.equals(PolicyTree.TOOLS)) {
        JsonNode tools = set.get(name);
        if (tools.isObject()) {
          for (String tool : tools.propertyNames()) {
            knownSections(tools.get(tool), path + ".tools['" + tool + "']", problems);
          }
        }
      } else if (!known.contains(name)) {
        problems.add(
            path + "." + name,
            "unknown policy section (expected one of: " + String.join(", ", known) + ", tools)");
      }
    }
  }

  /** Puts {@code next} in force; the caller has checked it and decorates the routes again. */
  void use(Sets next) {
    sets = next;
  }

  Sets sets() {
    return sets;
  }

  /** The admin API's sets have been read from the store (and are in {@link #sets}). */
  void storedRead() {
    storedRead = true;
  }

  @Override
  public RouteDefinition apply(RouteDefinition route) {
    if (!storedRead) {
      return route.withPolicies(RoutePolicies.of(Phase.AUTHENTICATE, new Starting()));
    }
    PolicyTree tree = sets.tree(route.name());
    Decorated d = kept.get(route.name());
    if (d != null && d.from().equals(route) && d.tree().equals(tree)) {
      return d.to(); // the same policies, so an unchanged route stays the same object
    }
    Problems problems = new Problems();
    RoutePolicies traffic = contribute(route, tree, problems);
    RouteDefinition to;
    if (problems.isEmpty()) {
      to = route.withPolicies(route.policies().plus(traffic));
    } else {
      // Sets are checked before they are put in force; this is a route published later (the
      // catalog's) that the global set does not fit. Refusing its calls beats running it bare.
      log.error(
          "route '{}': its policy sets do not hold together, so its calls are refused: {}",
          route.name(),
          problems.list());
      to = route.withPolicies(RoutePolicies.of(Phase.AUTHENTICATE, new RefuseAll()));
    }
    kept.put(route.name(), new Decorated(route, tree, to));
    return to;
  }

  private RoutePolicies contribute(RouteDefinition route, PolicyTree tree, Problems problems) {
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.ORDER) {
      byPhase.put(phase, new ArrayList<>(2));
    }
    for (TrafficPart part : parts) {
      if (part instanceof io.gatehouse.policy.inject.InjectionPart
          && io.gatehouse.agent.tools.AgentRoutes.URL_SOURCE.equals(route.source())) {
        // a server a user named by URL gets none of the platform's headers: they may hold secrets
        continue;
      }
      part.contribute(route, tree, problems, byPhase);
    }
    return RoutePolicies.of(byPhase);
  }

  /** Stands in for a route's policies until the stored sets are read. */
  private record Starting() implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange exchange) {
      return Verdict.refuse(
          Errors.STARTING,
          "Gatehouse is reading its policy sets; try again in a second",
          Map.of("Retry-After", "1"));
    }
  }

  /** Stands in for the policies of a route whose sets do not hold together. */
  private record RefuseAll() implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange exchange) {
      return Verdict.refuse(
          POLICY_INVALID, "route '" + exchange.route().name() + "': its policies are invalid");
    }
  }
}
