package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against the echo upstream, JSON and SSE, and the report built from what they
 * measured.
 */
class HarnessTest {
  static Server json;
  static Server sse;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    json = EchoServer.start("127.0.0.1", 0, false);
    sse = EchoServer.start("127.0.0.1", 0, true);
  }

  @AfterAll
  static void stop() throws Exception {
    json.stop();
    sse.stop();
  }

  Measurement run(Server server, String mode, int sessions, double rate, int payload)
      throws Exception {
    URI url = URI.create("http://127.0.0.1:" + EchoServer.port(server) + "/mcp");
    return new LoadGenerator(
            new LoadGenerator.Options(
                url,
                mode,
                mode,
                "direct",
                1,
                sessions,
                rate,
                0.1,
                0.5,
                payload,
                ProcessHandle.current().pid(),
                dir.resolve("results.jsonl"),
                null,
                false))
        .run();
  }

  @Test
  void closed_loop_calls_answer_with_their_arguments() throws Exception {
    Measurement m = run(json, "closed", 4, 0, 65536);

    assertThat(m.errors()).isZero();
    assertThat(m.extra())
        .as("the CPU time --pid (this JVM, echo included) used per call")
        .containsKey("cpu_us_per_call");
    assertThat(m.extra().get("cpu_us_per_call")).isPositive();
    assertThat(m.count()).isPositive();
    assertThat(m.p50()).isPositive().isLessThanOrEqualTo(m.p99());
  }

  @Test
  void echo_returns_the_arguments_as_structured_content() throws Exception {
    try (HttpConnection c =
        new HttpConnection(URI.create("http://127.0.0.1:" + EchoServer.port(sse) + "/mcp"))) {
      c.exchange(
          "POST",
          null,
          ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                  + "\"arguments\":{\"text\":\"hé\"}}}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));

      assertThat(c.status).isEqualTo(200);
      assertThat(c.contentType).isEqualTo("text/event-stream");
      assertThat(c.body())
          .isEqualTo(
              "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":"
                  + "[{\"type\":\"text\",\"text\":\"echo\"}],\"structuredContent\":{\"text\":\"hé\"}}}\n\n");
    }
  }

  @Test
  void open_loop_keeps_the_rate_and_setup_times_initialize() throws Exception {
    Measurement open = run(sse, "open", 4, 200, 1024);
    Measurement setup = run(json, "setup", 1, 0, 0);

    assertThat(open.errors()).isZero();
    assertThat(open.count()).isBetween(80L, 101L); // 200/s for 0.5 s
    assertThat(setup.errors()).isZero();
    assertThat(setup.count()).isPositive();
  }

  @Test
  void idle_sessions_stay_usable_and_report_memory() throws Exception {
    Measurement m = run(json, "idle", 50, 0, 1024);

    assertThat(m.extra()).containsEntry("sessions", 50.0).containsEntry("errors", 0.0);
    assertThat(m.extra().get("rss_after_mib")).isPositive();
  }

  @Test
  void report_gives_ratios_goals_and_figures() throws Exception {
    Path results = dir.resolve("report.jsonl");
    for (int round = 1; round <= 3; round++) {
      measured("call-1k-c16", "direct", round, 10_000, 1.0, Map.of());
      measured("call-1k-c16", "nginx", round, 8_000, 1.2, Map.of("cpu_us_per_call", 50.0));
      measured(
          "call-1k-c16",
          "gateway",
          round,
          7_000 + round,
          1.5,
          Map.of("cpu_us_per_call", 75.0 + round));
      measured("modern-1k-c16", "gateway", round, 7_700, 1.4, Map.of("cpu_us_per_call", 70.0));
    }
    Measurement.figures("startup", "gateway", 1, Map.of("seconds_to_ready", 1.5)).appendTo(results);

    String md = Report.write(results, null, null, "Test run");

    assertThat(md)
        .contains(
            "| 1 KiB tools/call, 16 sessions: gateway >= 1.0x nginx | 0.88x (7002 vs 8000 calls/s) | **no** |")
        .contains("| 1 KiB c16: gateway/direct well above agentgateway's 0.33x | 0.70x")
        .contains("| call-1k-c16: gateway CPU per call <= 2x nginx's | 1.54x (77 vs 50 us) | yes |")
        .contains("| ready <= 1 s from start | 1.50 s | **no** |")
        .contains("| call-1k-c16 | gateway | 7002 [7001–7003] | 1.50 [1.50–1.50] |")
        .contains("| 77 [76–78] | 0.70 | 0.88 | 1.54 |")
        .contains("| modern-1k-c16 | call-1k-c16 | gateway | 1.10 | 0.91 | -0.10 |");
  }

  @Test
  void report_gives_the_memory_series_its_ratios_and_the_flat_heap_goal() throws Exception {
    Path results = dir.resolve("memory.jsonl");
    double[][] points = {{0, 100, 31, 20.0}, {50_000, 101, 40, 20.0}, {100_000, 102, 35, 20.1}};
    for (double[] p : points) {
      Map<String, Double> figures = new java.util.LinkedHashMap<>();
      figures.put(MemoryRun.CALLS, p[0]);
      figures.put(MemoryRun.CLIENTS, 1000.0);
      figures.put(MemoryRun.RSS, p[1]);
      figures.put(MemoryRun.HEAP, p[2]);
      figures.put(MemoryRun.HEAP_AFTER_GC, p[3]);
      Measurement.figures("modern-rss", "gateway", 1, figures).appendTo(results);
    }

    String md = Report.write(results, null, null, "Test run");

    assertThat(md)
        .contains(
            "| modern-rss: heap after GC does not grow with calls (<= 32 B/call over 100000 calls)"
                + " | +1.05 B/call (20.0 to 20.1 MiB, 1.01x; RSS 1.02x) | yes |")
        .contains("## Memory under 2026-07-28 load")
        .contains("| 50000 | 101.0 | 40.0 | 20.0 |")
        .contains("End/start: RSS 1.02x, heap after GC 1.01x")
        .doesNotContain("## Figures")
        .doesNotContain("## Load scenarios");
  }

  private void measured(
      String scenario,
      String target,
      int round,
      double throughput,
      double p50,
      Map<String, Double> extra) {
    new Measurement(scenario, target, round, throughput, 1000, 0, p50, p50, p50, p50, p50, extra)
        .appendTo(dir.resolve("report.jsonl"));
  }
}
