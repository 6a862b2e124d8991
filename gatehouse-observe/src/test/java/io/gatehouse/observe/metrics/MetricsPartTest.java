package io.gatehouse.observe.metrics;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.observe.TrafficGateway;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics policy through a real gateway: what each exchange counts, with labels bounded to the
 * route's known tools and the MCP method list, whatever callers send.
 */
class MetricsPartTest {
  PrometheusMeterRegistry registry;
  ScriptedUpstream upstream;
  TrafficGateway gatehouse;
  URI route;

  /** Refuses calls of the tool {@code forbidden}, as an access policy would. */
  static final class Forbidding implements McpPolicy {
    @Override
    public Verdict onMessage(McpExchange ex) {
      return "forbidden".equals(ex.message().toolName())
          ? Verdict.refuse(GatewayErrors.INTERNAL_ERROR, "forbidden by the test")
          : Verdict.PROCEED;
    }
  }

  @BeforeEach
  void start() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("broken", (call, out) -> out.status(502, "upstream broke")));
    gatehouse =
        TrafficGateway.start(
            "m",
            upstream.url(),
            new MetricsPart(registry, (r, tool) -> r.equals("m") && tool.equals("echo")),
            TrafficGateway.adding(Phase.AUTHORIZE, new Forbidding()));
    route = gatehouse.route("m");
  }

  @AfterEach
  void stop() {
    gatehouse.close();
    upstream.close();
    registry.close();
  }

  private double requests(String method, String tool, String outcome) {
    Counter c =
        registry
            .find(RouteMeters.REQUESTS)
            .tags("route", "m", "method", method, "tool", tool, "outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void counts_each_call_by_method_known_tool_and_outcome_and_times_it() {
    String session = McpWire.open(route);
    send(post(route, session, McpWire.toolCall(2, "echo", "{\"message\":\"a\"}")));
    send(post(route, session, McpWire.toolCall(3, "echo", "{\"message\":\"b\"}")));

    await().atMost(Duration.ofSeconds(5)).until(() -> requests("tools/call", "echo", "ok") == 2);
    assertThat(requests("initialize", "", "ok")).isEqualTo(1);
    Timer calls =
        registry
            .find(RouteMeters.DURATION)
            .tags("route", "m", "method", "tools/call", "outcome", "ok")
            .timer();
    assertThat(calls.count()).isEqualTo(2);
    assertThat(calls.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    Timer up = registry.find(RouteMeters.UPSTREAM).tags("route", "m").timer();
    // initialize, notifications/initialized and the two calls each went upstream
    assertThat(up.count()).isEqualTo(4);
    // one series per label set: the second call found the first one's counter
    assertThat(registry.find(RouteMeters.REQUESTS).tag("tool", "echo").counters()).hasSize(1);
  }

  @Test
  void a_tool_the_route_did_not_list_and_an_unknown_method_are_other() {
    String session = McpWire.open(route);
    String madeUp = "made-up-tool-" + System.nanoTime();
    send(post(route, session, McpWire.toolCall(4, madeUp, "{}")));
    send(
        post(
            route,
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"evil/" + System.nanoTime() + "\"}"));

    await().atMost(Duration.ofSeconds(5)).until(() -> requests("tools/call", "other", "ok") == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> requests("other", "", "ok") == 1);
    for (Meter m : registry.getMeters()) {
      assertThat(m.getId().getTags().toString()).doesNotContain(madeUp).doesNotContain("evil/");
    }
  }

  @Test
  void a_refusal_before_the_upstream_counts_by_key_and_an_upstream_failure_does_not() {
    String session = McpWire.open(route);
    send(post(route, session, McpWire.toolCall(6, "forbidden", "{}")));
    send(post(route, session, McpWire.toolCall(7, "broken", "{}")));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> requests("tools/call", "other", "INTERNAL_ERROR") == 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                registry.find(RouteMeters.REQUESTS).tag("method", "tools/call").counters().size()
                    == 2);
    Counter refused =
        registry.find(RouteMeters.REFUSALS).tags("route", "m", "key", "INTERNAL_ERROR").counter();
    assertThat(refused.count()).isEqualTo(1);
    String upstreamKey =
        registry.find(RouteMeters.REQUESTS).tag("method", "tools/call").counters().stream()
            .map(c -> c.getId().getTag("outcome"))
            .filter(o -> !o.equals("INTERNAL_ERROR"))
            .findFirst()
            .orElseThrow();
    assertThat(upstreamKey).startsWith("UPSTREAM_");
    assertThat(registry.find(RouteMeters.REFUSALS).tag("key", upstreamKey).counter()).isNull();
  }
}
