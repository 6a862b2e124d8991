package io.gatehouse.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.IoLoops;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The data plane alone on 127.0.0.1, port 0, with one route to {@code upstream} bound to a {@link
 * ValidationPart} under the given policy set, as the server binds it (the gateway module's own
 * harness is not visible from here).
 */
final class ValidatingGateway implements AutoCloseable {
  final ValidationPart part = new ValidationPart(new SimpleMeterRegistry());
  private final RoutingTable routes = new RoutingTable();
  private final IoLoops loops = IoLoops.start(2);
  private final Gateway gateway;
  private final HttpEdge edge;
  private final URI upstream;

  ValidatingGateway(URI upstream, JsonNode routeSet) {
    this.upstream = upstream;
    RouteDefinition r =
        RouteDefinition.of("r", UpstreamDefinition.of(upstream, UpstreamTransport.STREAMABLE_HTTP));
    routes.publish("test", List.of(r));
    routes.decorate(route -> bind(route, routeSet));
    gateway =
        Gateway.builder(loops, routes, new SessionSealer(SessionSealer.generateKey())).build();
    edge =
        HttpEdge.builder(loops).listen("127.0.0.1", 0).mount("/mcp/", gateway.endpoint()).start();
  }

  private RouteDefinition bind(RouteDefinition route, JsonNode set) {
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>());
    }
    Problems problems = new Problems();
    part.contribute(
        route, PolicyTree.of(null, "policies", set, "routes[0].policies"), problems, byPhase);
    assertThat(problems.list()).isEmpty();
    return route.withPolicies(route.policies().plus(RoutePolicies.of(byPhase)));
  }

  /** Publishes the route again, as a reload does; what the part learned must stay. */
  void republish() {
    routes.publish(
        "test",
        List.of(
            RouteDefinition.of(
                "r", UpstreamDefinition.of(upstream, UpstreamTransport.STREAMABLE_HTTP))));
  }

  URI route() {
    return URI.create("http://127.0.0.1:" + edge.port() + "/mcp/r");
  }

  @Override
  public void close() {
    edge.close();
    gateway.close();
    loops.close();
  }
}
