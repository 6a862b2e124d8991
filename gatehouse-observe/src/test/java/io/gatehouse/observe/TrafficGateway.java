package io.gatehouse.observe;

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
import io.gatehouse.policy.traffic.TrafficPart;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The data plane on a real socket (127.0.0.1, port 0) with one route whose policies come from
 * traffic parts, in the order given, as the server binds them: what the observe parts are tested
 * through, without a store or a configuration file.
 */
public final class TrafficGateway implements AutoCloseable {
  private final IoLoops loops = IoLoops.start(1);
  private final RoutingTable routes = new RoutingTable();
  private final Gateway gateway;
  private final HttpEdge edge;

  private TrafficGateway(RouteDefinition route) {
    routes.publish("test", List.of(route));
    gateway =
        Gateway.builder(loops, routes, new SessionSealer(SessionSealer.generateKey())).build();
    edge =
        HttpEdge.builder(loops).listen("127.0.0.1", 0).mount("/mcp/", gateway.endpoint()).start();
  }

  /** A route {@code name} to {@code upstream} with the policies {@code parts} add. */
  public static TrafficGateway start(String name, URI upstream, TrafficPart... parts) {
    RouteDefinition bare =
        RouteDefinition.of(
            name, UpstreamDefinition.of(upstream, UpstreamTransport.STREAMABLE_HTTP));
    return new TrafficGateway(bare.withPolicies(policies(bare, List.of(parts))));
  }

  /** What {@code parts} add to {@code route}, phase by phase. */
  public static RoutePolicies policies(RouteDefinition route, List<TrafficPart> parts) {
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>());
    }
    Problems problems = new Problems();
    for (TrafficPart part : parts) {
      part.contribute(route, PolicyTree.EMPTY, problems, byPhase);
    }
    problems.throwIfAny();
    return RoutePolicies.of(byPhase);
  }

  /** A part that adds {@code policy} to {@code phase}. */
  public static TrafficPart adding(Phase phase, McpPolicy policy) {
    return (route, tree, problems, byPhase) -> byPhase.get(phase).add(policy);
  }

  public URI route(String name) {
    return URI.create("http://127.0.0.1:" + edge.port() + "/mcp/" + name);
  }

  public Gateway gateway() {
    return gateway;
  }

  @Override
  public void close() {
    edge.close();
    gateway.close();
    loops.close();
  }
}
