package io.gatehouse.policy.inject;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.policy.traffic.TrafficPart;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code headers} and {@code query} sections, at route and tool scope: adds an {@link
 * InjectionPolicy} to {@link Phase#INJECT_CREDENTIALS}, after the route's own credential policies,
 * when either section has anything to do for the route or one of its tools.
 */
public final class InjectionPart implements TrafficPart {
  private final SecretValues secrets;

  /**
   * @param secrets the vault values {@code ${secret:NAME}} reads, cached
   */
  public InjectionPart(SecretValues secrets) {
    this.secrets = requireNonNull(secrets, "secrets");
  }

  @Override
  public List<String> sections() {
    return List.of(HeaderRules.SECTION.name(), QueryRules.SECTION.name());
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    // A route may let the caller's credential through for itself; the global set may not do so
    // for every route at once (sets merge, so it would reach routes that never asked).
    for (Map.Entry<String, JsonNode> g : tree.globalSets()) {
      if (g.getValue().path("headers").path("passthrough").asBoolean(false)) {
        problems.add(
            g.getKey() + ".headers.passthrough",
            "the global set cannot let callers' credentials through on every route; set it on"
                + " the routes that need it");
      }
    }
    Scoped<HeaderRules> headers = Scoped.read(tree, HeaderRules.SECTION, problems);
    Scoped<QueryRules> query = Scoped.read(tree, QueryRules.SECTION, problems);
    boolean idle =
        headers.route().isEmpty()
            && query.route().isEmpty()
            && !headers.toolSpecific()
            && !query.toolSpecific();
    if (!idle && problems.isEmpty()) {
      byPhase
          .computeIfAbsent(Phase.INJECT_CREDENTIALS, p -> new java.util.ArrayList<>())
          .add(new InjectionPolicy(route.project(), headers, query, secrets));
    }
  }
}
