package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.RouteName;

/**
 * One route: the gateway serves it at {@code /mcp/{name}} and relays it to {@code upstream}.
 *
 * @param name a valid {@link RouteName}
 * @param upstream the upstream MCP server
 * @param timeouts connect and request timeouts
 * @param source who published the route ({@code config}, {@code catalog}, ...), for operators
 * @param policies the route's own policies, run after the gateway-wide ones
 * @param project the project the route belongs to, whose vault secrets and consumers it uses
 *     ({@code default} when null)
 */
public record RouteDefinition(
    String name,
    UpstreamDefinition upstream,
    RouteTimeouts timeouts,
    String source,
    RoutePolicies policies,
    String project) {
  public RouteDefinition {
    requireNonNull(name, "name");
    requireNonNull(upstream, "upstream");
    timeouts = timeouts == null ? RouteTimeouts.DEFAULT : timeouts;
    source = source == null ? "code" : source;
    policies = policies == null ? RoutePolicies.NONE : policies;
    project = project == null || project.isBlank() ? "default" : project;
    if (!RouteName.isValid(name)) {
      throw new IllegalArgumentException(
          "route name: '" + name + "' (expected: " + RouteName.rule() + ")");
    }
  }

  /** A route of project {@code default}. */
  public RouteDefinition(
      String name,
      UpstreamDefinition upstream,
      RouteTimeouts timeouts,
      String source,
      RoutePolicies policies) {
    this(name, upstream, timeouts, source, policies, null);
  }

  /** A route with no policies of its own. */
  public RouteDefinition(
      String name, UpstreamDefinition upstream, RouteTimeouts timeouts, String source) {
    this(name, upstream, timeouts, source, RoutePolicies.NONE);
  }

  /** This route with {@code policies} as its own. */
  public RouteDefinition withPolicies(RoutePolicies policies) {
    return new RouteDefinition(name, upstream, timeouts, source, policies, project);
  }

  /** This route in {@code project}. */
  public RouteDefinition withProject(String project) {
    return new RouteDefinition(name, upstream, timeouts, source, policies, project);
  }

  public static RouteDefinition of(String name, UpstreamDefinition upstream) {
    return new RouteDefinition(name, upstream, RouteTimeouts.DEFAULT, "code");
  }
}
