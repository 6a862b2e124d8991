package io.gatehouse.gateway;

import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.IoLoops;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The data plane alone on a real socket: the HTTP edge and the gateway on 127.0.0.1 and port 0,
 * with the given routes and settings and no store, catalog or configuration file. The gateway's
 * transport tests run against it; the whole process is tested in the server module.
 */
final class GatewayUnderTest implements AutoCloseable {
  final RoutingTable routes = new RoutingTable();
  private final IoLoops loops = IoLoops.start(2);
  private final Gateway gateway;
  private final HttpEdge edge;

  private GatewayUnderTest(
      GatewaySettings settings,
      java.util.Map<Phase, List<McpPolicy>> policies,
      List<RouteDefinition> defined) {
    this(settings, policies, defined, b -> b);
  }

  private GatewayUnderTest(
      GatewaySettings settings,
      java.util.Map<Phase, List<McpPolicy>> policies,
      List<RouteDefinition> defined,
      UnaryOperator<Gateway.Builder> more) {
    routes.publish("test", defined);
    Gateway.Builder b =
        Gateway.builder(loops, routes, new SessionSealer(SessionSealer.generateKey()))
            .settings(settings);
    policies.forEach((phase, list) -> list.forEach(p -> b.policy(phase, p)));
    more.apply(b);
    gateway = b.build();
    edge =
        HttpEdge.builder(loops).listen("127.0.0.1", 0).mount("/mcp/", gateway.endpoint()).start();
  }

  static GatewayUnderTest start(RouteDefinition... routes) {
    return start(s -> s, routes);
  }

  /**
   * @param settings adjusts the default settings, such as {@code s ->
   *     s.sseAfter(Duration.ofMillis(200))}
   */
  static GatewayUnderTest start(
      UnaryOperator<GatewaySettings.Builder> settings, RouteDefinition... routes) {
    return new GatewayUnderTest(
        settings.apply(GatewaySettings.builder()).build(), java.util.Map.of(), List.of(routes));
  }

  /** With policies in the audit phase, which see every exchange's outcome. */
  static GatewayUnderTest withAudit(List<McpPolicy> audit, RouteDefinition... routes) {
    return new GatewayUnderTest(
        GatewaySettings.defaults(), java.util.Map.of(Phase.AUDIT, audit), List.of(routes));
  }

  /** With {@code policy} in {@code phase} and adjusted settings. */
  static GatewayUnderTest withPolicy(
      UnaryOperator<GatewaySettings.Builder> settings,
      Phase phase,
      McpPolicy policy,
      RouteDefinition... routes) {
    return new GatewayUnderTest(
        settings.apply(GatewaySettings.builder()).build(),
        java.util.Map.of(phase, List.of(policy)),
        List.of(routes));
  }

  /** With {@code policies} and builder settings of its own, such as the era bridge's. */
  static GatewayUnderTest custom(
      UnaryOperator<Gateway.Builder> gateway,
      java.util.Map<Phase, List<McpPolicy>> policies,
      RouteDefinition... routes) {
    return new GatewayUnderTest(GatewaySettings.defaults(), policies, List.of(routes), gateway);
  }

  static RouteDefinition route(String name, URI upstream, UpstreamTransport transport) {
    return RouteDefinition.of(name, UpstreamDefinition.of(upstream, transport));
  }

  static RouteDefinition route(
      String name, URI upstream, UpstreamTransport transport, Duration connect, Duration request) {
    return new RouteDefinition(
        name,
        UpstreamDefinition.of(upstream, transport),
        new RouteTimeouts(connect, request),
        "test");
  }

  /** {@code http://127.0.0.1:<port>/mcp/<name>}. */
  URI route(String name) {
    return base().resolve("/mcp/" + name);
  }

  Gateway gateway() {
    return gateway;
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + edge.port());
  }

  @Override
  public void close() {
    edge.close();
    gateway.close();
    loops.close();
  }
}
