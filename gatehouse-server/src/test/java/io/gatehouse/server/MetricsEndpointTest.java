package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a whole server, read by Prometheus's own checker ({@code promtool check
 * metrics}) after real calls: allowed, refused by a policy, failed upstream.
 */
class MetricsEndpointTest {
  static ScriptedUpstream upstream;
  static RunningGatehouse gatehouse;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("broken", (call, out) -> out.status(502, "upstream broke")));
    gatehouse =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("m", upstream.url(), "streamable-http")
                + "    tools:\n"
                + "      allow: [echo, broken]\n");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  static String scrape() {
    HttpResponse<String> r = gatehouse.get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    return r.body();
  }

  @Test
  void serves_the_prometheus_text_format_with_a_series_per_call_outcome() throws Exception {
    URI route = gatehouse.route("m");
    String session = McpWire.open(route);
    send(post(route, session, McpWire.toolCall(2, "echo", "{\"message\":\"hi\"}")));
    send(post(route, session, McpWire.toolCall(3, "secret-admin", "{}")));
    send(post(route, session, McpWire.toolCall(4, "broken", "{}")));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                scrape()
                        .lines()
                        .filter(
                            l ->
                                l.startsWith("gatehouse_mcp_requests_total{")
                                    && l.contains("method=\"tools/call\""))
                        .count()
                    == 3);
    String text = scrape();
    // promtool parses the whole text (a parse error fails), then lints each family; only the
    // JVM binders' names of Micrometer draw lint remarks (units in names), never ours.
    List<String> remarks = Promtool.check(text);
    assertThat(remarks)
        .noneMatch(l -> l.contains("error"))
        .noneMatch(l -> l.startsWith("gatehouse_"));

    // No tool list is learned yet, so every tool is "other"; tags come sorted by name.
    assertThat(text.lines().toList())
        .contains(
            "gatehouse_mcp_requests_total{method=\"tools/call\",outcome=\"ok\",route=\"m\",tool=\"other\"} 1.0",
            "gatehouse_mcp_requests_total{method=\"tools/call\",outcome=\"TOOL_FORBIDDEN\",route=\"m\",tool=\"other\"} 1.0",
            "gatehouse_policy_refusals_total{key=\"TOOL_FORBIDDEN\",route=\"m\"} 1.0",
            "gatehouse_mcp_requests_total{method=\"initialize\",outcome=\"ok\",route=\"m\",tool=\"\"} 1.0",
            "gatehouse_mcp_request_duration_seconds_count{method=\"tools/call\",outcome=\"ok\",route=\"m\"} 1",
            "gatehouse_routes{source=\"config\"} 1.0",
            "gatehouse_connections 0.0");
    String upstreamFailure =
        text.lines()
            .filter(
                l ->
                    l.startsWith(
                        "gatehouse_mcp_requests_total{method=\"tools/call\",outcome=\"UPSTREAM_"))
            .findFirst()
            .orElseThrow();
    assertThat(upstreamFailure).endsWith(" 1.0");
    assertThat(text)
        .contains(
            "gatehouse_mcp_request_duration_seconds_bucket{method=\"tools/call\",outcome=\"ok\",route=\"m\",le=\"0.005\"}")
        .contains("gatehouse_upstream_duration_seconds_count{route=\"m\"}")
        .contains("gatehouse_sessions_active ")
        .contains("gatehouse_streams_open ")
        .contains("jvm_memory_used_bytes{");
    assertThat(text).doesNotContain(session).doesNotContain("secret-admin");
  }

  @Test
  void metrics_takes_only_get() {
    HttpResponse<String> r = gatehouse.send("DELETE", "/metrics", null, "");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).contains("METHOD_NOT_ALLOWED");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void metrics_disabled_serves_no_endpoint_and_adds_no_policy() throws Exception {
    try (RunningGatehouse off =
        RunningGatehouse.start(
            "metrics: {enabled: false}\nroutes:\n"
                + RunningGatehouse.route("m", upstream.url(), "streamable-http"))) {
      HttpResponse<String> none = off.get("/metrics", null);
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(none.body()).contains("NOT_FOUND");
      List<McpPolicy> audit =
          off.server().routes().current().routes().get("m").policies().in(Phase.AUDIT);
      assertThat(audit)
          .extracting(p -> p.getClass().getSimpleName())
          .doesNotContain("RequestMetrics");
    }
    List<McpPolicy> on =
        gatehouse.server().routes().current().routes().get("m").policies().in(Phase.AUDIT);
    assertThat(on).extracting(p -> p.getClass().getSimpleName()).contains("RequestMetrics");
  }

  @Test
  void a_bad_metrics_or_tracing_section_refuses_to_start_naming_every_problem() {
    assertThatThrownBy(
            () ->
                RunningGatehouse.start(
                    "metrics: {enabled: maybe, extra: 1}\n"
                        + "tracing: {otlp-endpoint: 'ftp://127.0.0.1:4318', sample: 2}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.enabled")
        .hasMessageContaining("metrics.extra")
        .hasMessageContaining("tracing.otlp-endpoint")
        .hasMessageContaining("tracing.sample");
  }

  /** Prometheus's {@code promtool}: a real parser of the text format, which CI installs. */
  static final class Promtool {
    static List<String> check(String exposition) throws IOException, InterruptedException {
      Path promtool = Path.of("/usr/bin/promtool");
      if (!Files.isExecutable(promtool)) {
        if ("true".equals(System.getenv("CI"))) {
          throw new AssertionError(
              "promtool is missing: .ci/tools.sh installs it (Debian's prometheus)");
        }
        org.junit.jupiter.api.Assumptions.abort(
            "promtool is not installed (apt-get install prometheus)");
      }
      Process p =
          new ProcessBuilder(promtool.toString(), "check", "metrics")
              .redirectErrorStream(true)
              .start();
      try (var in = p.getOutputStream()) {
        in.write(exposition.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return p.exitValue() == 0 ? List.of() : out.lines().toList();
    }
  }
}
