package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.IoLoops;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2026-07-28 client of the harness against a real Gatehouse data plane (the gateway and its
 * HTTP edge on port 0, routes with {@code protocol: auto}) in front of the echo upstream in modern
 * mode: its requests pass the gateway's header checks and era probe, and the memory run reads RSS
 * and heap from a real JVM (this one).
 */
class ModernLoadTest {
  static Server echo;
  static Server echoSse;
  static IoLoops loops;
  static Gateway gateway;
  static HttpEdge edge;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    echo = EchoServer.start("127.0.0.1", 0, false, true);
    echoSse = EchoServer.start("127.0.0.1", 0, true, true);
    RoutingTable routes = new RoutingTable();
    routes.publish("test", List.of(route("modern", echo), route("modern-sse", echoSse)));
    loops = IoLoops.start(1);
    gateway =
        Gateway.builder(loops, routes, new SessionSealer(SessionSealer.generateKey())).build();
    edge =
        HttpEdge.builder(loops).listen("127.0.0.1", 0).mount("/mcp/", gateway.endpoint()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    edge.close();
    gateway.close();
    loops.close();
    echo.stop();
    echoSse.stop();
  }

  private static RouteDefinition route(String name, Server upstream) {
    return RouteDefinition.of(
        name,
        UpstreamDefinition.of(
            URI.create("http://127.0.0.1:" + EchoServer.port(upstream) + "/mcp"),
            UpstreamTransport.STREAMABLE_HTTP));
  }

  private static URI gatewayRoute(String name) {
    return URI.create("http://127.0.0.1:" + edge.port() + "/mcp/" + name);
  }

  private static URI direct(Server upstream) {
    return URI.create("http://127.0.0.1:" + EchoServer.port(upstream) + "/mcp");
  }

  /**
   * A short closed loop. One call first, so the era probe and the cold path are behind it and the
   * measured window (which records calls that start in it) sees calls on a busy machine too.
   */
  private Measurement load(URI url) throws Exception {
    try (HttpConnection c = ModernClient.connect(url, null)) {
      c.exchange("POST", null, ModernClient.callBodies(0, 32, 1)[0]);
      assertThat(c.status).as(c.body()).isEqualTo(200);
    }
    return new LoadGenerator(
            new LoadGenerator.Options(
                url,
                "closed",
                "modern-1k-c16",
                "gateway",
                1,
                4,
                0,
                0.1,
                1.0,
                1024,
                0,
                dir.resolve("results.jsonl"),
                null,
                true))
        .run();
  }

  @Test
  void a_modern_call_passes_the_gateways_checks_and_comes_back_complete_without_a_session()
      throws Exception {
    try (HttpConnection c = ModernClient.connect(gatewayRoute("modern"), null)) {
      c.exchange("POST", null, ModernClient.callBodies(7, 32, 1)[0]);

      assertThat(c.status).as(c.body()).isEqualTo(200);
      assertThat(c.sessionId).isNull();
      assertThat(c.body())
          .startsWith("{\"jsonrpc\":\"2.0\",\"id\":1000,\"result\":{\"resultType\":\"complete\",")
          .contains("\"structuredContent\":{\"text\":\"xxxxxxxxxxxxxxxx\"}");
    }
  }

  @Test
  void closed_loop_modern_clients_get_answers_through_the_gateway_as_json_and_as_sse()
      throws Exception {
    Measurement json = load(gatewayRoute("modern"));
    Measurement sse = load(gatewayRoute("modern-sse"));

    assertThat(json.errors()).isZero();
    assertThat(json.count()).isPositive();
    assertThat(sse.errors()).isZero();
    assertThat(sse.count()).isPositive();
  }

  @Test
  void the_gateway_refuses_a_call_whose_name_header_differs_from_its_body() throws Exception {
    // The same body with another tool named in Mcp-Name: what the checks above had to pass.
    String otherTool = ModernClient.CALL_HEADERS.replace("Mcp-Name: echo", "Mcp-Name: other");
    try (HttpConnection c = new HttpConnection(gatewayRoute("modern"), null, otherTool)) {
      c.exchange("POST", null, ModernClient.callBodies(1, 32, 1)[0]);

      assertThat(c.status).isEqualTo(400);
      assertThat(c.body()).contains("-32020", "HEADER_MISMATCH");
    }
  }

  @Test
  void the_modern_echo_answers_discover_and_refuses_session_era_requests() throws Exception {
    try (HttpConnection modern =
            new HttpConnection(
                direct(echo),
                null,
                "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: server/discover\r\n");
        HttpConnection sessionEra = new HttpConnection(direct(echo))) {
      modern.exchange(
          "POST",
          null,
          ("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"server/discover\",\"params\":{\"_meta\":"
                  + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}")
              .getBytes(StandardCharsets.UTF_8));
      sessionEra.exchange(
          "POST",
          null,
          ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
              .getBytes(StandardCharsets.UTF_8));

      assertThat(modern.status).isEqualTo(200);
      assertThat(modern.body()).contains("\"supportedVersions\":[\"2026-07-28\"]");
      assertThat(sessionEra.status).isEqualTo(400);
      assertThat(sessionEra.sessionId).isNull();
      assertThat(sessionEra.body()).contains("-32022", "\"supported\":[\"2026-07-28\"]");
    }
  }

  @Test
  void the_memory_run_reads_rss_and_heap_after_gc_at_every_step() throws Exception {
    List<Measurement> points =
        new MemoryRun(
                new MemoryRun.Options(
                    gatewayRoute("modern"),
                    ProcessHandle.current().pid(),
                    8,
                    160,
                    80,
                    16,
                    256,
                    "modern-rss"))
            .run();

    assertThat(points)
        .extracting(m -> m.extra().get(MemoryRun.CALLS))
        .containsExactly(0.0, 80.0, 160.0);
    assertThat(points)
        .allSatisfy(
            m -> {
              assertThat(m.extra().get(MemoryRun.RSS)).isPositive();
              assertThat(m.extra().get(MemoryRun.HEAP_AFTER_GC))
                  .isPositive()
                  .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 1048576.0);
            });
    assertThat(points.getLast().extra()).containsEntry(MemoryRun.ERRORS, 0.0);
  }

  @Test
  void options_that_would_split_calls_unevenly_are_refused() {
    MemoryRun.Options uneven =
        new MemoryRun.Options(gatewayRoute("modern"), 1, 1000, 100_000, 1500, 0, 1024, "m");

    assertThat(uneven.problem()).contains("multiples of --clients");
  }
}
