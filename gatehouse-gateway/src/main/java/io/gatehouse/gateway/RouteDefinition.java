package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One route: the gateway serves it at {@code /mcp/{name}} and relays it to {@code upstream}.
 *
 * @param name matches {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param upstream the upstream MCP server
 * @param timeouts connect and request timeouts
 * @param source who published the route ({@code config}, {@code catalog}, ...), for operators
 */
public record RouteDefinition(String name, UpstreamDefinition upstream, RouteTimeouts timeouts, String source) {
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public RouteDefinition {
    requireNonNull(name, "name");
    requireNonNull(upstream, "upstream");
    timeouts = timeouts == null ? RouteTimeouts.DEFAULT : timeouts;
    source = source == null ? "code" : source;
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("route name: '" + name + "' (expected: " + NAME.pattern() + ")");
    }
  }

  public static RouteDefinition of(String name, UpstreamDefinition upstream) {
    return new RouteDefinition(name, upstream, RouteTimeouts.DEFAULT, "code");
  }
}
