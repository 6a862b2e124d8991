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
 */
public record RouteDefinition(
    String name, UpstreamDefinition upstream, RouteTimeouts timeouts, String source) {
  public RouteDefinition {
    requireNonNull(name, "name");
    requireNonNull(upstream, "upstream");
    timeouts = timeouts == null ? RouteTimeouts.DEFAULT : timeouts;
    source = source == null ? "code" : source;
    if (!RouteName.isValid(name)) {
      throw new IllegalArgumentException(
          "route name: '" + name + "' (expected: " + RouteName.rule() + ")");
    }
  }

  public static RouteDefinition of(String name, UpstreamDefinition upstream) {
    return new RouteDefinition(name, upstream, RouteTimeouts.DEFAULT, "code");
  }
}
