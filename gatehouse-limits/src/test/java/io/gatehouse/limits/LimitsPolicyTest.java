package io.gatehouse.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.PolicyPipeline;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.gateway.mrtr.RequestDigest;
import io.gatehouse.gateway.mrtr.RequestState;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.protocol.EnvelopeScanner;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits policy without a socket: which messages count, and whose calls share a counter (per
 * consumer, project, address, tool).
 */
class LimitsPolicyTest {
  private static final RouteDefinition ROUTE =
      RouteDefinition.of(
          "r", UpstreamDefinition.of(URI.create("http://127.0.0.1:9/mcp"), UpstreamTransport.AUTO));

  /** Seals the states of calls "the gateway holds", as the forward bridge does. */
  private static final RequestStateSealer HELD_STATES = RequestStateSealer.withRandomKey();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LocalCounters counters = new LocalCounters(clock, null);

  private PolicyPipeline pipeline(String limitsJson) {
    PolicyTree tree =
        PolicyTree.of(
            JsonMapper.shared().readTree(limitsJson.replace('\'', '"')), "policies", null, "r");
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>());
    }
    Problems problems = new Problems();
    new LimitsPart(() -> counters, clock).contribute(ROUTE, tree, problems, byPhase);
    assertThat(problems.list()).isEmpty();
    return new PolicyPipeline(byPhase);
  }

  /** What the pipeline decided for one message: "ok" or the refusal's key. */
  private static String send(PolicyPipeline p, String body, Principal who, String ip) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    McpExchange ex =
        McpExchange.builder(ROUTE, McpExchange.Entry.MESSAGE)
            .message(EnvelopeScanner.scan(bytes), bytes)
            .remoteAddress(new InetSocketAddress(ip, 40000))
            .build();
    if (who != null) {
      ex.authenticated(who);
    }
    String[] out = new String[1];
    p.message(ex, Runnable::run, r -> out[0] = r.key().key(), () -> out[0] = "ok");
    return out[0];
  }

  /** The {@code RateLimit-Policy} field an admitted message's answer carries. */
  private static String policyField(PolicyPipeline p, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    McpExchange ex =
        McpExchange.builder(ROUTE, McpExchange.Entry.MESSAGE)
            .message(EnvelopeScanner.scan(bytes), bytes)
            .remoteAddress(new InetSocketAddress("127.0.0.1", 40000))
            .build();
    p.message(ex, Runnable::run, r -> {}, () -> {});
    return ex.responseHeaders().get("RateLimit-Policy");
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\"}}";
  }

  private static Principal user(String name, String project) {
    return new Principal(name, Principal.Kind.USER, project, Set.of(), Set.of(), "api-key");
  }

  /**
   * What the pipeline decided for a 2026-07-28 round of {@code tool}'s call by {@code who} carrying
   * {@code state} (sealed by {@code sealer} when not null) as its {@code requestState}.
   */
  private static String round(
      PolicyPipeline p, RequestStateSealer sealer, Principal who, RequestState state) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"a\","
            + "\"inputResponses\":{\"input-1\":{\"action\":\"accept\"}},\"requestState\":\""
            + sealer.seal(state)
            + "\"}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    McpExchange ex =
        McpExchange.builder(ROUTE, McpExchange.Entry.MESSAGE)
            .message(EnvelopeScanner.scan(bytes), bytes)
            .remoteAddress(new InetSocketAddress("127.0.0.1", 40000))
            .build();
    ex.authenticated(who);
    ex.attr(InputRetry.KEY, new InputRetry(ex, HELD_STATES, System::currentTimeMillis));
    String[] out = new String[1];
    p.message(ex, Runnable::run, r -> out[0] = r.key().key(), () -> out[0] = "ok");
    return out[0];
  }

  /** A held call's state for {@code principal}'s call of tool {@code a}, ending at {@code end}. */
  private static RequestState held(String principal, long end) {
    byte[] digest =
        RequestDigest.of(
            call("a").replace("\"id\":1", "\"id\":2").getBytes(StandardCharsets.UTF_8));
    return new RequestState(InputRetry.HELD_CALL, principal, "r", digest, end, "", "hold-1");
  }

  @Test
  void a_round_continuing_a_held_call_is_not_counted_by_quotas_and_nothing_forged_is() {
    PolicyPipeline p = pipeline("{'limits': {'daily': {'quota': '1/day'}}}");
    Principal alice = user("alice", null);
    long later = System.currentTimeMillis() + 60_000;
    assertThat(send(p, call("a"), alice, "127.0.0.1")).isEqualTo("ok");

    assertThat(round(p, HELD_STATES, alice, held(alice.id(), later))).isEqualTo("ok");
    assertThat(round(p, HELD_STATES, alice, held(alice.id(), later))).isEqualTo("ok");

    RequestStateSealer other = RequestStateSealer.withRandomKey();
    assertThat(round(p, other, alice, held(alice.id(), later))).isEqualTo("QUOTA_EXCEEDED");
    long past = System.currentTimeMillis() - 1;
    assertThat(round(p, HELD_STATES, alice, held(alice.id(), past))).isEqualTo("QUOTA_EXCEEDED");
    assertThat(round(p, HELD_STATES, alice, held("api-key:bob", later)))
        .isEqualTo("QUOTA_EXCEEDED");
    RequestState consent =
        new RequestState(
            "consent", alice.id(), "r", held(alice.id(), later).requestDigest(), later, "", "x");
    assertThat(round(p, HELD_STATES, alice, consent)).isEqualTo("QUOTA_EXCEEDED");
  }

  @Test
  void a_round_continuing_a_held_call_still_counts_against_rates() {
    PolicyPipeline p = pipeline("{'limits': {'calls': {'rate': '1/minute'}}}");
    Principal alice = user("alice", null);
    assertThat(send(p, call("a"), alice, "127.0.0.1")).isEqualTo("ok");
    long later = System.currentTimeMillis() + 60_000;
    assertThat(round(p, HELD_STATES, alice, held(alice.id(), later))).isEqualTo("RATE_LIMITED");
  }

  @Test
  void only_the_methods_named_count() {
    PolicyPipeline p = pipeline("{'limits': {'calls': {'rate': '1/minute'}}}");
    String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    assertThat(send(p, list, null, "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, list, null, "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("a"), null, "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("a"), null, "127.0.0.1")).isEqualTo("RATE_LIMITED");
  }

  @Test
  void per_consumer_counts_each_principal_and_anonymous_callers_by_address() {
    PolicyPipeline p = pipeline("{'limits': {'calls': {'rate': '1/minute'}}}");
    assertThat(send(p, call("a"), user("alice", null), "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("a"), user("alice", null), "127.0.0.2")).isEqualTo("RATE_LIMITED");
    assertThat(send(p, call("a"), user("bob", null), "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("a"), null, "127.0.0.3")).isEqualTo("ok");
    assertThat(send(p, call("a"), null, "127.0.0.3")).isEqualTo("RATE_LIMITED");
    assertThat(send(p, call("a"), null, "127.0.0.4")).isEqualTo("ok");
  }

  @Test
  void per_project_shares_a_counter_between_its_consumers() {
    PolicyPipeline p = pipeline("{'limits': {'calls': {'rate': '1/minute', 'per': ['project']}}}");
    assertThat(send(p, call("a"), user("alice", "blue"), "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("a"), user("bob", "blue"), "127.0.0.1")).isEqualTo("RATE_LIMITED");
    assertThat(send(p, call("a"), user("carol", "red"), "127.0.0.1")).isEqualTo("ok");
  }

  @Test
  void per_tool_and_tool_entries_count_each_tool_apart() {
    PolicyPipeline p =
        pipeline(
            "{'limits': {'calls': {'rate': '1/minute', 'per': ['ip', 'tool']}},"
                + " 'tools': {'delete-*': {'limits': {'deletes': {'rate': '1/minute', 'per': []}}}}}");
    assertThat(send(p, call("a"), null, "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("b"), null, "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("a"), null, "127.0.0.1")).isEqualTo("RATE_LIMITED");
    assertThat(send(p, call("delete-x"), null, "127.0.0.1")).isEqualTo("ok");
    assertThat(send(p, call("delete-y"), null, "127.0.0.2"))
        .as("the entry's limit is per tool even with per: []")
        .isEqualTo("ok");
    assertThat(send(p, call("delete-y"), null, "127.0.0.3")).isEqualTo("RATE_LIMITED");
  }

  @Test
  void each_answer_names_the_limits_its_call_counted_against() {
    PolicyPipeline p =
        pipeline(
            "{'limits': {'calls': {'rate': '10/second', 'burst': 20}},"
                + " 'tools': {'delete-*': {'limits': {'deletes': {'rate': '1/minute'}}}}}");
    String calls = "\"calls\";q=20;w=2";
    String both = calls + ", \"deletes\";q=1;w=60";
    assertThat(policyField(p, call("a"))).isEqualTo(calls);
    assertThat(policyField(p, call("delete-x"))).isEqualTo(both);
    assertThat(policyField(p, call("a"))).isEqualTo(calls);
    assertThat(policyField(p, call("b"))).isEqualTo(calls);
    assertThat(policyField(p, call("delete-y")))
        .as("the route's limit and the entry's, after calls that counted the route's alone")
        .isEqualTo(both);
  }

  @Test
  void a_route_without_limits_gets_no_policy() {
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>());
    }
    new LimitsPart(() -> counters, clock)
        .contribute(
            ROUTE,
            PolicyTree.of(JsonMapper.shared().readTree("{\"limits\": {}}"), "policies", null, "r"),
            new Problems(),
            byPhase);
    assertThat(byPhase.get(Phase.RATE_LIMIT)).isEmpty();
  }
}
