package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing through the whole server: with {@code tracing.otlp-endpoint} set, spans reach an
 * OTLP/HTTP collector (here a loopback HTTP server that keeps what it is sent) and the upstream
 * gets the gateway's {@code traceparent}; without it, no tracing policy is bound at all.
 */
class TracingExportTest {
  record Received(String path, String contentType, byte[] body) {}

  ScriptedUpstream upstream;
  HttpServer collector;
  final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    upstream = ScriptedUpstream.start(s -> {});
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  body));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stop() {
    collector.stop(0);
    upstream.close();
  }

  private static List<String> auditPolicies(RunningGatehouse gh) {
    List<McpPolicy> audit =
        gh.server().routes().current().routes().get("t").policies().in(Phase.AUDIT);
    return audit.stream().map(p -> p.getClass().getSimpleName()).toList();
  }

  @Test
  void spans_go_to_the_otlp_endpoint_and_the_upstream_continues_the_trace() {
    String trace = "5b8efff798038103d269b633813fc60c";
    try (RunningGatehouse gh =
        RunningGatehouse.start(
            "tracing: {otlp-endpoint: 'http://127.0.0.1:"
                + collector.getAddress().getPort()
                + "', service-name: gatehouse-under-test}\n"
                + "routes:\n"
                + RunningGatehouse.route("t", upstream.url(), "streamable-http"))) {
      assertThat(auditPolicies(gh)).contains("ServerSpans");
      URI route = gh.route("t");
      String session = McpWire.open(route);
      send(
          post(route, session, McpWire.toolCall(2, "echo", "{\"message\":\"traced\"}"))
              .header("traceparent", "00-" + trace + "-eee19b7ec3c1b174-01"));

      String upstreamParent =
          upstream.requests().stream()
              .filter(r -> r.body() != null && r.body().contains("traced"))
              .map(r -> r.headers().get("traceparent"))
              .findFirst()
              .orElseThrow();
      assertThat(upstreamParent).startsWith("00-" + trace + "-").doesNotContain("eee19b7ec3c1b174");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  received.stream()
                      .anyMatch(
                          r ->
                              new String(r.body(), StandardCharsets.ISO_8859_1)
                                  .contains("tools/call echo")));
      Received batch =
          received.stream()
              .filter(
                  r ->
                      new String(r.body(), StandardCharsets.ISO_8859_1).contains("tools/call echo"))
              .findFirst()
              .orElseThrow();
      assertThat(batch.path()).isEqualTo("/v1/traces");
      assertThat(batch.contentType()).isEqualTo("application/x-protobuf");
      assertThat(new String(batch.body(), StandardCharsets.ISO_8859_1))
          .contains("gatehouse-under-test")
          .doesNotContain(session);
    }
  }

  @Test
  void tracing_off_binds_no_tracing_policy() {
    try (RunningGatehouse gh =
        RunningGatehouse.start(
            "routes:\n" + RunningGatehouse.route("t", upstream.url(), "streamable-http"))) {
      assertThat(auditPolicies(gh)).doesNotContain("ServerSpans");
      for (Phase p : Phase.ORDER) {
        assertThat(gh.server().routes().current().routes().get("t").policies().in(p))
            .noneMatch(policy -> policy.getClass().getName().contains(".trace."));
      }
    }
  }
}
