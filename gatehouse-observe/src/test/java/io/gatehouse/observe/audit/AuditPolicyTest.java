package io.gatehouse.observe.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.IoLoops;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit policy on the real data plane (HTTP edge, gateway, a scripted upstream on port 0): what
 * a record holds for an allowed call and for a refusal by any policy, argument values only where a
 * route opts in and then redacted, and a writer that is stuck costing callers nothing.
 */
class AuditPolicyTest {
  static final ErrorKey RATE_LIMITED =
      ErrorKey.of("RATE_LIMITED", 429, -32000, "Retry after the time in retryAfterSeconds.");

  final List<AuditRecord> stored = new CopyOnWriteArrayList<>();
  final MeterRegistry meters = new SimpleMeterRegistry();
  final RoutingTable routes = new RoutingTable();
  ScriptedUpstream upstream;
  IoLoops loops;
  Gateway gateway;
  HttpEdge edge;
  AuditLog log;

  /** A sink that keeps what it is given. */
  final class Kept implements AuditSink {
    @Override
    public void insert(List<AuditRecord> records) {
      stored.addAll(records);
    }

    @Override
    public int purge(long before) {
      return 0;
    }
  }

  @BeforeEach
  void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("other", (c, out) -> out.result(ScriptedUpstream.text("other done"))));
    loops = IoLoops.start(2);
    gateway =
        Gateway.builder(loops, routes, new SessionSealer(SessionSealer.generateKey())).build();
    edge =
        HttpEdge.builder(loops).listen("127.0.0.1", 0).mount("/mcp/", gateway.endpoint()).start();
  }

  @AfterEach
  void stop() {
    if (log != null) {
      log.close();
    }
    edge.close();
    gateway.close();
    loops.close();
    upstream.close();
  }

  /** Publishes route {@code name} with the audit part reading {@code set}, plus {@code more}. */
  URI route(String name, String set, Phase phase, McpPolicy more) {
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    for (Phase p : Phase.ORDER) {
      byPhase.put(p, new ArrayList<>());
    }
    RouteDefinition r =
        RouteDefinition.of(
            name, UpstreamDefinition.of(upstream.url(), UpstreamTransport.STREAMABLE_HTTP));
    Problems problems = new Problems();
    new AuditPart(log, true)
        .contribute(
            r,
            PolicyTree.of(null, "policies", JsonMapper.shared().readTree(set), "route.policies"),
            problems,
            byPhase);
    assertThat(problems.list()).isEmpty();
    if (more != null) {
      byPhase.get(phase).add(more);
    }
    routes.publish("test", List.of(r.withPolicies(RoutePolicies.of(byPhase))));
    return URI.create("http://127.0.0.1:" + edge.port() + "/mcp/" + name);
  }

  void openLog(int buffer, AuditSink sink) {
    log =
        new AuditLog(new AuditConfig(Duration.ofDays(30), buffer, true), meters, Clock.systemUTC());
    log.open(sink);
  }

  AuditRecord awaitCall(String requestId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> stored.stream().anyMatch(r -> requestId.equals(r.requestId())));
    return stored.stream().filter(r -> requestId.equals(r.requestId())).findFirst().orElseThrow();
  }

  static HttpResponse<String> call(URI route, String session, int id, String tool, String args) {
    return McpWire.send(McpWire.post(route, session, McpWire.toolCall(id, tool, args)));
  }

  @Test
  void an_allowed_call_is_one_record_with_a_hashed_session_and_no_argument_values() {
    openLog(100, new Kept());
    URI url = route("plain", "{}", null, null);
    String session = McpWire.open(url);
    String body = McpWire.toolCall(7, "echo", "{\"message\":\"visible-only-upstream\"}");
    assertThat(McpWire.send(McpWire.post(url, session, body)).statusCode()).isEqualTo(200);

    AuditRecord r = awaitCall("7");
    assertThat(r.route()).isEqualTo("plain");
    assertThat(r.entry()).isEqualTo("message");
    assertThat(r.method()).isEqualTo("tools/call");
    assertThat(r.target()).isEqualTo("echo");
    assertThat(r.decision()).isEqualTo(Decision.ALLOWED);
    assertThat(r.errorKey()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.principal()).isNull();
    assertThat(r.session()).isEqualTo(AuditRecords.hash(session)).hasSize(16);
    assertThat(r.session()).isNotEqualTo(session);
    assertThat(r.bytesIn())
        .isEqualTo(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(r.latencyMicros()).isPositive();
    assertThat(r.arguments()).isNull();
    assertThat(r.result()).isNull();
    // initialize and the initialized notification are records of their own
    assertThat(stored)
        .extracting(AuditRecord::method)
        .contains("initialize", "notifications/initialized");
  }

  @Test
  void a_stream_get_and_a_delete_are_records_too() {
    openLog(100, new Kept());
    URI url = route("ends", "{}", null, null);
    String session = McpWire.open(url);
    HttpResponse<String> deleted =
        McpWire.send(
            java.net.http.HttpRequest.newBuilder(url)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", McpWire.VERSION)
                .DELETE());
    assertThat(deleted.statusCode()).isLessThan(300);
    HttpResponse<String> stream = McpWire.send(McpWire.get(url, session));
    assertThat(stream.statusCode()).isEqualTo(404); // the session is gone
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                stored.stream()
                    .map(AuditRecord::entry)
                    .toList()
                    .containsAll(List.of("delete", "stream")));
    AuditRecord get =
        stored.stream().filter(r -> r.entry().equals("stream")).findFirst().orElseThrow();
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.decision()).isEqualTo(Decision.REFUSED);
    assertThat(get.session()).isEqualTo(AuditRecords.hash(session));
  }

  @Test
  void a_refusal_by_any_policy_is_recorded_with_its_key() {
    openLog(100, new Kept());
    McpPolicy limit =
        new McpPolicy() {
          @Override
          public Verdict onMessage(McpExchange ex) {
            return "tools/call".equals(ex.message().method())
                ? Verdict.refuse(RATE_LIMITED, "5 calls a minute")
                : Verdict.PROCEED;
          }
        };
    URI url = route("limited", "{}", Phase.RATE_LIMIT, limit);
    String session = McpWire.open(url);
    HttpResponse<String> r = call(url, session, 3, "echo", "{\"message\":\"x\"}");
    assertThat(r.body()).contains("RATE_LIMITED");

    AuditRecord rec = awaitCall("3");
    assertThat(rec.decision()).isEqualTo(Decision.REFUSED);
    assertThat(rec.errorKey()).isEqualTo("RATE_LIMITED");
    assertThat(rec.upstreamStatus()).isZero();
    assertThat(upstream.requests()).noneMatch(q -> q.body().contains("\"tools/call\""));
  }

  @Test
  void argument_values_and_results_are_recorded_only_where_opted_in_and_redacted() {
    openLog(100, new Kept());
    URI url =
        route("opted", "{\"tools\": {\"echo\": {\"audit\": {\"arguments\": true}}}}", null, null);
    String session = McpWire.open(url);
    String args =
        "{\"message\":\"hello\",\"password\":\"hunter2-pw\",\"apiKey\":\"k-123\","
            + "\"nested\":{\"note\":\"Bearer abcdefgh12345\",\"list\":[\"ghk_AAAAAAAA_secretpart\"]}}";
    assertThat(call(url, session, 11, "echo", args).body()).contains("Echo: hello");
    assertThat(call(url, session, 12, "other", args).body()).contains("other done");

    AuditRecord echo = awaitCall("11");
    JsonNode a = JsonMapper.shared().readTree(echo.arguments());
    assertThat(a.path("message").asString()).isEqualTo("hello");
    assertThat(a.path("password").asString()).isEqualTo(Redactor.MASK);
    assertThat(a.path("apiKey").asString()).isEqualTo(Redactor.MASK);
    assertThat(a.path("nested").path("note").asString()).isEqualTo(Redactor.MASK);
    assertThat(a.path("nested").path("list").get(0).asString()).isEqualTo(Redactor.MASK);
    assertThat(echo.arguments())
        .doesNotContain("hunter2-pw", "k-123", "abcdefgh12345", "secretpart");
    assertThat(echo.result()).contains("Echo: hello");

    AuditRecord other = awaitCall("12");
    assertThat(other.arguments()).isNull();
    assertThat(other.result()).isNull();
  }

  @Test
  void a_full_buffer_drops_and_counts_while_calls_go_on() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    openLog(
        1,
        new AuditSink() {
          @Override
          public void insert(List<AuditRecord> records) {
            entered.countDown();
            try {
              release.await(30, TimeUnit.SECONDS); // the store is held: the writer is stuck here
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            stored.addAll(records);
          }

          @Override
          public int purge(long before) {
            return 0;
          }
        });
    URI url = route("held", "{}", null, null);
    String session = McpWire.open(url);
    assertThat(entered.await(10, TimeUnit.SECONDS)).as("the writer holds a batch").isTrue();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = call(url, session, 100 + i, "echo", "{\"message\":\"go on\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Echo: go on");
    }
    // 5 calls, room for 1 while the writer is held; a record is offered once its answer is out
    await("at least 4 of 5 records dropped")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                meters.get("gatehouse.audit.dropped").tag("reason", "buffer-full").counter().count()
                    >= 4);
    release.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> meters.get("gatehouse.audit.queued").gauge().value() == 0);
  }
}
