package io.gatehouse.policy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.protocol.EnvelopeScanner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The resilience section as read from a policy set, and its bulkhead driven without a socket. */
class ResilienceSetTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RouteDefinition ROUTE =
      RouteDefinition.of(
          "slow",
          UpstreamDefinition.of(
              URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.STREAMABLE_HTTP));

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ResiliencePart part = new ResiliencePart(meters);
  private final Problems problems = new Problems();
  private final Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);

  private void read(String routeSet) {
    PolicyTree tree =
        PolicyTree.of(
            null, "policies", JSON.readTree(routeSet.replace('\'', '"')), "routes[0].policies");
    part.contribute(ROUTE, tree, problems, byPhase);
  }

  private List<String> found() {
    return problems.list().stream().map(Object::toString).toList();
  }

  private static McpExchange exchange(String json) {
    byte[] body = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    return McpExchange.builder(ROUTE, McpExchange.Entry.MESSAGE)
        .message(EnvelopeScanner.scan(body), body)
        .build();
  }

  private static McpExchange call(int id) {
    return exchange(
        "{'jsonrpc':'2.0','id':" + id + ",'method':'tools/call','params':{'name':'t'}}");
  }

  @Test
  void a_tool_entry_may_not_set_resilience_and_bad_values_are_named() {
    read(
        "{'resilience': {'concurrency': 0, 'circuit-breaker': {'failure-rate': 150, 'open-for':"
            + " 'soon', 'retries': 3}}, 'tools': {'slow-*': {'resilience': {'concurrency': 1}}}}");
    assertThat(found())
        .containsExactlyInAnyOrder(
            "routes[0].policies.resilience.concurrency: 0 is out of range (expected 1 to 1000000)",
            "routes[0].policies.resilience.circuit-breaker.failure-rate: 150 is out of range"
                + " (expected 1 to 100)",
            "routes[0].policies.resilience.circuit-breaker.open-for: 'soon' (expected: a duration"
                + " such as 500ms, 15s, 10m, 2h, 1d or PT10M)",
            "routes[0].policies.resilience.circuit-breaker.retries: unknown field (expected one"
                + " of: failure-rate, failures, half-open-calls, min-calls, open-for, window)",
            "routes[0].policies.tools['slow-*'].resilience: resilience guards the route's"
                + " upstream, which all its tools share; set it on the route, not under tools");
    assertThat(byPhase).isEmpty();
  }

  @Test
  void without_the_section_nothing_is_added() {
    read("{'headers': {}}");
    assertThat(found()).isEmpty();
    assertThat(byPhase).isEmpty();
  }

  @Test
  void the_bulkhead_admits_concurrency_requests_and_releases_each_once() {
    read("{'resilience': {'concurrency': 2}}");
    assertThat(found()).isEmpty();
    McpPolicy p = byPhase.get(Phase.INJECT_CREDENTIALS).get(0);
    McpExchange a = call(1);
    McpExchange b = call(2);
    McpExchange c = call(3);
    assertThat(p.onMessage(a)).isEqualTo(Verdict.PROCEED);
    assertThat(p.onMessage(b)).isEqualTo(Verdict.PROCEED);
    Verdict busy = p.onMessage(c);
    assertThat(busy).isInstanceOf(Verdict.Refuse.class);
    Verdict.Refuse r = (Verdict.Refuse) busy;
    assertThat(r.key()).isEqualTo(ResilienceErrors.UPSTREAM_BUSY);
    assertThat(r.httpLevel()).isTrue();
    assertThat(r.headers()).containsEntry("Retry-After", "1");
    assertThat(r.data()).containsEntry("retryAfterSeconds", "1");
    // a notification (a cancellation, say) always goes through
    assertThat(p.onMessage(exchange("{'jsonrpc':'2.0','method':'notifications/cancelled'}")))
        .isEqualTo(Verdict.PROCEED);
    assertThat(part.inFlight("slow")).isEqualTo(2);
    assertThat(meters.get("gatehouse.upstream.in.flight").tag("route", "slow").gauge().value())
        .isEqualTo(2.0);

    p.onComplete(c, McpOutcome.of(503, ResilienceErrors.UPSTREAM_BUSY)); // refused: held nothing
    assertThat(part.inFlight("slow")).isEqualTo(2);
    p.onComplete(a, McpOutcome.of(200, null));
    p.onComplete(a, McpOutcome.of(200, null)); // a second report releases nothing more
    assertThat(part.inFlight("slow")).isEqualTo(1);
    p.onComplete(b, McpOutcome.of(502, io.gatehouse.gateway.GatewayErrors.UPSTREAM_UNAVAILABLE));
    assertThat(part.inFlight("slow")).isZero();
  }

  @Test
  void a_reload_with_other_settings_keeps_the_upstreams_state() {
    read("{'resilience': {'concurrency': 1}}");
    McpPolicy first = byPhase.get(Phase.INJECT_CREDENTIALS).get(0);
    McpExchange held = call(1);
    assertThat(first.onMessage(held)).isEqualTo(Verdict.PROCEED);
    byPhase.clear();
    read("{'resilience': {'concurrency': 2}}");
    McpPolicy second = byPhase.get(Phase.INJECT_CREDENTIALS).get(0);
    assertThat(second).isNotEqualTo(first);
    assertThat(second.onMessage(call(2))).isEqualTo(Verdict.PROCEED);
    assertThat(second.onMessage(call(3))).isInstanceOf(Verdict.Refuse.class);
    first.onComplete(held, McpOutcome.of(200, null));
    assertThat(part.inFlight("slow")).isEqualTo(1);
  }
}
