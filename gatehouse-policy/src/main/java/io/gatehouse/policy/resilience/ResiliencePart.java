package io.gatehouse.policy.resilience;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.policy.traffic.Section;
import io.gatehouse.policy.traffic.TrafficPart;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The {@code resilience} section, at route scope only: a circuit breaker and a bulkhead guard an
 * upstream, which all the route's tools share, so a tool entry may not set it. Adds a {@link
 * ResiliencePolicy} last in {@link Phase#INJECT_CREDENTIALS}, so only calls every other policy let
 * through take a place. Breakers and counts live here, keyed by route, and outlive reloads.
 */
public final class ResiliencePart implements TrafficPart {
  private final UpstreamGuards guards;

  public ResiliencePart(MeterRegistry meters) {
    this(meters, System::nanoTime);
  }

  /**
   * @param nanos the clock of the breakers (a test's own, to move time on)
   */
  public ResiliencePart(MeterRegistry meters, LongSupplier nanos) {
    this.guards = new UpstreamGuards(meters, nanos);
  }

  @Override
  public List<String> sections() {
    return List.of(ResilienceSettings.SECTION.name());
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    String routePath = tree.path() + "." + ResilienceSettings.SECTION.name();
    Section<ResilienceSettings> routeOnly =
        new Section<>() {
          @Override
          public String name() {
            return ResilienceSettings.SECTION.name();
          }

          @Override
          public ResilienceSettings read(JsonNode node, String path, Problems found) {
            if (!path.equals(routePath)) {
              found.add(
                  path,
                  "resilience guards the route's upstream, which all its tools share; set it on"
                      + " the route, not under tools");
              return ResilienceSettings.NONE;
            }
            return ResilienceSettings.SECTION.read(node, path, found);
          }
        };
    ResilienceSettings s = Scoped.read(tree, routeOnly, problems).route();
    if (!s.isOff() && problems.isEmpty()) {
      byPhase
          .computeIfAbsent(Phase.INJECT_CREDENTIALS, p -> new ArrayList<>())
          .add(new ResiliencePolicy(route.name(), route.upstream().url(), s, guards));
    }
  }

  /** The circuit state of the route's upstream: 0 closed, 1 open, 2 half open. */
  public int circuitState(String route) {
    return guards.circuitState(route);
  }

  /** Requests the bulkhead admitted to the route's upstream and has not yet seen end. */
  public int inFlight(String route) {
    return guards.inFlightNow(route);
  }
}
