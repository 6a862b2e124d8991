package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker and the bulkhead through the whole server, against real upstreams: one that
 * goes down and comes back on its port, and one that holds its answers until the test lets them go.
 */
class ResilienceTest {
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  static double gauge(RunningGatehouse g, String name, String route) {
    return g.server().traffic().meters().get(name).tag("route", route).gauge().value();
  }

  static void awaitState(RunningGatehouse g, String route, int state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gauge(g, "gatehouse.upstream.circuit.state", route) == state);
  }

  static HttpResponse<String> call(McpWire.Session s, int id, String tool) {
    return McpWire.send(McpWire.post(s.url(), s.id(), McpWire.toolCall(id, tool, "{}")));
  }

  static CompletableFuture<HttpResponse<String>> callAsync(McpWire.Session s, int id, String tool) {
    return McpWire.HTTP.sendAsync(
        McpWire.post(s.url(), s.id(), McpWire.toolCall(id, tool, "{}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_circuit_opens_on_failures_fails_fast_probes_and_closes_once_the_upstream_is_back() {
    ScriptedUpstream up = keep(ScriptedUpstream.start(s -> {}));
    RunningGatehouse g =
        keep(
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("fragile", up.url(), "streamable-http")
                    + "    policies:\n"
                    + "      resilience: {circuit-breaker: {failures: 2, open-for: 3s}}\n"));
    McpWire.Session s = McpWire.session(g.route("fragile"), "{}");
    assertThat(call(s, 2, "echo").body()).contains("Echo");
    assertThat(gauge(g, "gatehouse.upstream.circuit.state", "fragile")).isZero();

    up.stop();
    assertThat(call(s, 3, "echo").body()).contains("UPSTREAM_UNAVAILABLE");
    assertThat(call(s, 4, "echo").body()).contains("UPSTREAM_UNAVAILABLE");
    // the outcome reaches the policies just after the caller has its answer
    awaitState(g, "fragile", 1);

    HttpResponse<String> fast = call(s, 5, "echo");
    assertThat(fast.statusCode()).isEqualTo(503);
    String retryAfter = fast.headers().firstValue("Retry-After").orElseThrow();
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, 3);
    assertThat(fast.body())
        .contains("UPSTREAM_CIRCUIT_OPEN")
        .contains("\"retryAfterSeconds\":" + retryAfter);

    // half open: the probe finds the upstream still down, and the circuit opens again
    awaitState(g, "fragile", 2);
    assertThat(call(s, 6, "echo").body()).contains("UPSTREAM_UNAVAILABLE");
    awaitState(g, "fragile", 1);

    // back up, but the circuit is still open: the upstream sees nothing
    up.restart();
    int seen = up.requests().size();
    assertThat(call(s, 7, "echo").body()).contains("UPSTREAM_CIRCUIT_OPEN");
    assertThat(up.requests()).hasSize(seen);

    awaitState(g, "fragile", 2);
    assertThat(call(s, 8, "echo").body()).contains("Echo");
    assertThat(up.requests()).hasSize(seen + 1);
    awaitState(g, "fragile", 0);
    assertThat(call(s, 9, "echo").body()).contains("Echo");
  }

  @Test
  void a_reload_that_changes_the_settings_keeps_an_open_circuit_open() throws Exception {
    ScriptedUpstream up = keep(ScriptedUpstream.start(s -> {}));
    String route = RunningGatehouse.route("fragile", up.url(), "streamable-http");
    RunningGatehouse g =
        keep(
            RunningGatehouse.start(
                "routes:\n"
                    + route
                    + "    policies:\n"
                    + "      resilience: {circuit-breaker: {failures: 1, open-for: 60s}}\n"));
    McpWire.Session s = McpWire.session(g.route("fragile"), "{}");
    up.stop();
    assertThat(call(s, 2, "echo").body()).contains("UPSTREAM_UNAVAILABLE");
    awaitState(g, "fragile", 1);

    g.rewriteConfig(
        "routes:\n"
            + route
            + "    policies:\n"
            + "      resilience: {circuit-breaker: {failures: 1, open-for: 60s}, concurrency: 4}\n");
    await().atMost(Duration.ofSeconds(20)).until(() -> g.server().lastReload() != null);
    assertThat(g.server().lastReload().applied()).as(g.server().lastReload().message()).isTrue();
    up.restart();
    HttpResponse<String> r = call(s, 3, "echo");
    assertThat(r.body()).contains("UPSTREAM_CIRCUIT_OPEN");
    assertThat(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(40, 60);
  }

  @Test
  void a_json_rpc_error_or_a_failing_tool_does_not_open_the_circuit() {
    ScriptedUpstream up =
        keep(
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "reject",
                        (call, out) ->
                            out.json(
                                200,
                                "{\"jsonrpc\":\"2.0\",\"id\":"
                                    + call.id()
                                    + ",\"error\":{\"code\":-32602,\"message\":\"bad\"}}"))));
    RunningGatehouse g =
        keep(
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("sturdy", up.url(), "streamable-http")
                    + "    policies:\n"
                    + "      resilience: {circuit-breaker: {failures: 1}}\n"));
    McpWire.Session s = McpWire.session(g.route("sturdy"), "{}");
    for (int i = 0; i < 3; i++) {
      assertThat(call(s, 10 + i, "reject").body()).contains("\"error\"").contains("bad");
      assertThat(call(s, 20 + i, "no-such-tool").body()).contains("\"isError\":true");
    }
    // with failures: 1 any of them would have opened it; a last call shows it closed
    assertThat(call(s, 30, "echo").body()).contains("Echo");
    assertThat(call(s, 31, "echo").body()).contains("Echo");
    assertThat(gauge(g, "gatehouse.upstream.circuit.state", "sturdy")).isZero();
  }

  @Test
  void the_bulkhead_lets_exactly_concurrency_calls_through_and_counts_back_to_zero()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedUpstream up =
        keep(
            ScriptedUpstream.start(
                s ->
                    s.tool(
                            "hold",
                            (call, out) -> {
                              release.await(30, TimeUnit.SECONDS);
                              out.result(ScriptedUpstream.text("released"));
                            })
                        .tool(
                            "stream",
                            (call, out) -> {
                              out.openStream();
                              out.result(ScriptedUpstream.text("streamed"));
                            })
                        .tool("fail", (call, out) -> out.status(500, "boom"))));
    RunningGatehouse g =
        keep(
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("narrow", up.url(), "streamable-http")
                    + "    policies:\n"
                    + "      resilience: {concurrency: 2}\n"));
    ResilienceCounts counts = new ResilienceCounts(g, up);
    McpWire.Session s = McpWire.session(g.route("narrow"), "{}");
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(callAsync(s, 100 + i, "hold"));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> counts.upstreamCalls("hold") == 2);
    for (CompletableFuture<HttpResponse<String>> c : calls) {
      if (c.isDone()) {
        assertThat(c.get().statusCode()).isEqualTo(503);
        assertThat(c.get().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(c.get().body()).contains("UPSTREAM_BUSY");
      }
    }
    assertThat(counts.inFlight()).isEqualTo(2);
    assertThat(gauge(g, "gatehouse.upstream.in.flight", "narrow")).isEqualTo(2.0);

    release.countDown();
    for (CompletableFuture<HttpResponse<String>> c : calls) {
      HttpResponse<String> r = c.get(20, TimeUnit.SECONDS);
      assertThat(r.body()).containsAnyOf("released", "UPSTREAM_BUSY");
    }
    assertThat(calls.stream().filter(c -> c.join().body().contains("released"))).hasSize(2);
    assertThat(counts.upstreamCalls("hold")).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> counts.inFlight() == 0);

    // a streamed answer and an upstream failure each give their place back
    assertThat(call(s, 200, "stream").body()).contains("streamed");
    await().atMost(Duration.ofSeconds(10)).until(() -> counts.inFlight() == 0);
    assertThat(call(s, 201, "fail").body()).contains("UPSTREAM_ERROR");
    await().atMost(Duration.ofSeconds(10)).until(() -> counts.inFlight() == 0);
  }

  @Test
  void a_cancelled_call_and_a_caller_that_went_away_give_their_place_back() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedUpstream up =
        keep(
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "hold",
                        (call, out) -> {
                          release.await(30, TimeUnit.SECONDS);
                          out.result(ScriptedUpstream.text("released"));
                        })));
    RunningGatehouse g =
        keep(
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("narrow", up.url(), "streamable-http")
                    + "    policies:\n"
                    + "      resilience: {concurrency: 1}\n"));
    ResilienceCounts counts = new ResilienceCounts(g, up);
    McpWire.Session s = McpWire.session(g.route("narrow"), "{}");
    try {
      CompletableFuture<HttpResponse<String>> held = callAsync(s, 300, "hold");
      await().atMost(Duration.ofSeconds(20)).until(() -> counts.upstreamCalls("hold") == 1);
      assertThat(counts.inFlight()).isEqualTo(1);
      HttpResponse<String> cancel =
          McpWire.send(
              McpWire.post(
                  s.url(),
                  s.id(),
                  "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                      + "\"params\":{\"requestId\":300}}"));
      assertThat(cancel.statusCode()).isEqualTo(202);
      assertThat(held.get(20, TimeUnit.SECONDS).body()).contains("REQUEST_CANCELLED");
      await().atMost(Duration.ofSeconds(10)).until(() -> counts.inFlight() == 0);

      AtomicReference<CompletableFuture<HttpResponse<String>>> gone =
          new AtomicReference<>(callAsync(s, 301, "hold"));
      await().atMost(Duration.ofSeconds(20)).until(() -> counts.upstreamCalls("hold") == 2);
      assertThat(counts.inFlight()).isEqualTo(1);
      gone.get().cancel(true); // the client drops its connection
      await().atMost(Duration.ofSeconds(10)).until(() -> counts.inFlight() == 0);
      assertThat(call(s, 302, "echo").body()).contains("Echo");
    } finally {
      release.countDown();
    }
  }

  /** What the test reads back: the bulkhead's count, and the calls the upstream received. */
  record ResilienceCounts(RunningGatehouse g, ScriptedUpstream up) {
    int inFlight() {
      return g.server().traffic().resilience().inFlight("narrow");
    }

    long upstreamCalls(String tool) {
      return up.requests().stream()
          .filter(r -> r.body().contains("\"tools/call\"") && r.body().contains('"' + tool + '"'))
          .count();
    }
  }
}
