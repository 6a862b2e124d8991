package io.gatehouse.server;

import static io.gatehouse.server.Mcp.post;
import static io.gatehouse.server.Mcp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testkit.ScriptedUpstream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An upstream that is down, slow or broken gives the caller a JSON-RPC error with a stable key, never a hang. */
class UpstreamFailuresTest {

  private static URI closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/mcp");
    }
  }

  @Test
  void an_upstream_that_is_down_gives_upstream_unavailable_within_the_connect_timeout() throws Exception {
    try (RunningGatehouse gh = RunningGatehouse.start("routes:\n  - name: down\n    upstream: {url: '" + closedPort()
        + "', transport: auto}\n    timeouts: {connect: 2s}\n")) {
      long start = System.nanoTime();
      HttpResponse<String> r = send(post(gh.route("down"), null, Mcp.initializeBody(1)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
      assertThat(r.body()).contains("\"id\":1").contains("\"code\":-32031").contains("\"key\":\"UPSTREAM_UNAVAILABLE\"")
          .contains("route 'down'").doesNotContain("127.0.0.1");
      assertThat(took).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void a_slow_tool_past_the_route_timeout_gives_upstream_timeout_and_the_upstream_is_told_to_cancel() throws Exception {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("slow", (call, out) -> {
          Thread.sleep(5_000);
          out.result(ScriptedUpstream.text("too late"));
        }));
        RunningGatehouse gh = RunningGatehouse.start("gateway: {sse-after: 5s}\nroutes:\n  - name: slow\n    upstream: {url: '"
            + up.url() + "', transport: streamable-http}\n    timeouts: {request: 1s}\n")) {
      String session = Mcp.open(gh.route("slow"));
      HttpResponse<String> r = send(post(gh.route("slow"), session, Mcp.toolCall(7, "slow", "{}")));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":7").contains("\"code\":-32032").contains("\"key\":\"UPSTREAM_TIMEOUT\"");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(up.requests())
          .anyMatch(q -> q.body().contains("notifications/cancelled") && q.body().contains("\"requestId\":7")));
    }
  }

  @Test
  void an_upstream_answer_that_is_not_mcp_gives_upstream_protocol_error() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("html", (call, out) -> out.status(200, "<html>hi</html>")));
        RunningGatehouse gh = RunningGatehouse.start("routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http"))) {
      String session = Mcp.open(gh.route("r"));
      HttpResponse<String> r = send(post(gh.route("r"), session, Mcp.toolCall(3, "html", "{}")));

      assertThat(r.body()).contains("\"id\":3").contains("\"key\":\"UPSTREAM_PROTOCOL_ERROR\"").contains("text/plain");
    }
  }

  @Test
  void an_upstream_500_gives_upstream_error_with_its_message() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> s.tool("boom", (call, out) ->
            out.json(500, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"database on fire\"}}")));
        RunningGatehouse gh = RunningGatehouse.start("routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http"))) {
      String session = Mcp.open(gh.route("r"));
      HttpResponse<String> r = send(post(gh.route("r"), session, Mcp.toolCall(4, "boom", "{}")));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":4").contains("\"key\":\"UPSTREAM_ERROR\"").contains("HTTP 500")
          .contains("database on fire");
    }
  }

  @Test
  void a_session_the_upstream_forgot_gets_404_so_the_client_re_initializes() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh = RunningGatehouse.start("routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http"))) {
      String session = Mcp.open(gh.route("r"));
      up.expireSessions();
      HttpResponse<String> r = send(post(gh.route("r"), session, Mcp.toolCall(5, "echo", "{\"message\":\"x\"}")));

      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("\"key\":\"SESSION_EXPIRED\"").contains("initialize a new one");
      assertThat(Mcp.open(gh.route("r"))).isNotBlank();
    }
  }

  @Test
  void an_upstream_that_goes_away_mid_session_gives_upstream_unavailable() {
    ScriptedUpstream up = ScriptedUpstream.start(s -> {});
    try (RunningGatehouse gh = RunningGatehouse.start("routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http"))) {
      String session = Mcp.open(gh.route("r"));
      up.close();
      HttpResponse<String> r = send(post(gh.route("r"), session, Mcp.toolCall(6, "echo", "{\"message\":\"x\"}")));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":6").contains("\"key\":\"UPSTREAM_UNAVAILABLE\"");
    }
  }

  @Test
  void the_callers_credentials_never_reach_the_upstream() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        RunningGatehouse gh = RunningGatehouse.start("routes:\n" + RunningGatehouse.route("r", up.url(), "streamable-http"))) {
      String session = Mcp.open(gh.route("r"));
      send(post(gh.route("r"), session, Mcp.toolCall(8, "echo", "{\"message\":\"x\"}"))
          .header("Authorization", "Bearer caller-token").header("Cookie", "sid=caller").header("traceparent",
              "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

      ScriptedUpstream.Recorded call = up.requests().stream().filter(q -> q.body().contains("\"id\":8")).findFirst().orElseThrow();
      assertThat(call.headers()).doesNotContainKeys("authorization", "cookie").containsKey("traceparent")
          .containsEntry("mcp-protocol-version", "2025-11-25");
    }
  }
}
