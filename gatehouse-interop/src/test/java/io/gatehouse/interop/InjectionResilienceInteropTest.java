package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java SDK client through a route with header and query injection, a circuit breaker and a
 * bulkhead, to server-everything over each of its transports: every scenario (streams, progress,
 * sampling, cancellation) still passes. Then the real server goes away and the circuit opens.
 */
class InjectionResilienceInteropTest {
  private static final String ROUTE = "everything";
  private static final String POLICIES =
      "    policies:\n"
          + "      headers: {set: {X-Gatehouse-Route: '${route.name}', X-Tool: '${tool.name}'},"
          + " append: {X-Caller: 'id=${principal.id}'}}\n"
          + "      query: {set: {via: gatehouse}}\n"
          + "      resilience: {circuit-breaker: {failures: 2, open-for: 60s}, concurrency: 64}\n";

  @TestFactory
  Stream<DynamicTest> java_sdk_scenarios_pass_through_the_policies_over_streamable_http() {
    return run(UpstreamMode.STREAMABLE_HTTP).tests();
  }

  @TestFactory
  Stream<DynamicTest> java_sdk_scenarios_pass_through_the_policies_over_legacy_sse() {
    return run(UpstreamMode.SSE).tests();
  }

  private static InteropRun run(UpstreamMode mode) {
    NodeTools tools = NodeTools.require();
    try (ServerEverything upstream = ServerEverything.start(tools, mode);
        RunningGatehouse gateway =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route(ROUTE, upstream.url(), "auto") + POLICIES);
        JavaSdkSession session =
            new JavaSdkSession(JavaClientTransport.STREAMABLE_HTTP, gateway, ROUTE)) {
      InteropRun run =
          new InteropRun("policies/" + mode.cliArgument(), JavaSdkScenarios.runAll(session));
      System.out.println(run.summary());
      return run;
    }
  }

  @Test
  void the_circuit_opens_once_server_everything_has_gone_away() {
    NodeTools tools = NodeTools.require();
    ServerEverything upstream = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP);
    try (RunningGatehouse gateway =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route(ROUTE, upstream.url(), "streamable-http")
                + POLICIES)) {
      McpWire.Session s = McpWire.session(gateway.route(ROUTE), "{}");
      String echo = McpWire.toolCall(2, "echo", "{\"message\":\"hi\"}");
      assertThat(McpWire.send(McpWire.post(s.url(), s.id(), echo)).body())
          .as(upstream.diagnostics())
          .contains("hi");
      upstream.close();
      AtomicInteger id = new AtomicInteger(10);
      // each call the dead server fails counts, until the circuit answers for it
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  McpWire.send(
                          McpWire.post(
                              s.url(),
                              s.id(),
                              McpWire.toolCall(
                                  id.incrementAndGet(), "echo", "{\"message\":\"x\"}")))
                      .body()
                      .contains("UPSTREAM_CIRCUIT_OPEN"));
      assertThat(id.get()).as("calls it took").isGreaterThanOrEqualTo(13);
    } finally {
      upstream.close();
    }
  }
}
