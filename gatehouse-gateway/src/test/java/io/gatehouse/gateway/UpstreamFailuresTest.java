package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testkit.LoopbackPorts;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An upstream that is down, slow or broken gives the caller a JSON-RPC error with a stable key,
 * never a hang.
 */
class UpstreamFailuresTest {

  private static URI closedPort() {
    return URI.create("http://127.0.0.1:" + LoopbackPorts.free() + "/mcp");
  }

  @Test
  void an_upstream_that_refuses_connections_gives_upstream_unavailable_naming_the_refusal()
      throws Exception {
    try (GatewayUnderTest gh =
        GatewayUnderTest.start(
            GatewayUnderTest.route("down", closedPort(), UpstreamTransport.AUTO))) {
      HttpResponse<String> r = send(post(gh.route("down"), null, McpWire.initializeBody(1)));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
      assertThat(r.body())
          .contains("\"id\":1")
          .contains("\"code\":-31031")
          .contains("\"key\":\"UPSTREAM_UNAVAILABLE\"")
          .contains("route 'down'")
          .contains("connection refused")
          .doesNotContain("127.0.0.1");
    }
  }

  /**
   * An upstream whose accept queue is full: the kernel drops further connection attempts, so
   * connecting hangs until the route's connect timeout, and the answer names that as the cause.
   */
  @Test
  void an_upstream_that_never_accepts_gives_upstream_unavailable_once_the_connect_timeout_passes()
      throws Exception {
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket a = new Socket();
        Socket b = new Socket();
        Socket c = new Socket()) {
      for (Socket s : List.of(a, b, c)) {
        try {
          s.connect(full.getLocalSocketAddress(), 200);
        } catch (java.net.SocketTimeoutException queueAlreadyFull) {
          break;
        }
      }
      URI url = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/mcp");
      try (GatewayUnderTest gh =
          GatewayUnderTest.start(
              GatewayUnderTest.route(
                  "stuck",
                  url,
                  UpstreamTransport.STREAMABLE_HTTP,
                  Duration.ofMillis(500),
                  Duration.ofMinutes(1)))) {
        HttpResponse<String> r = send(post(gh.route("stuck"), null, McpWire.initializeBody(1)));

        assertThat(r.body())
            .contains("\"key\":\"UPSTREAM_UNAVAILABLE\"")
            .contains("connect timeout");
      }
    }
  }

  @Test
  void
      a_slow_tool_past_the_route_timeout_gives_upstream_timeout_and_the_upstream_is_told_to_cancel()
          throws Exception {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "slow",
                        (call, out) -> {
                          Thread.sleep(5_000);
                          out.result(ScriptedUpstream.text("too late"));
                        }));
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                s -> s.sseAfter(Duration.ofSeconds(5)),
                GatewayUnderTest.route(
                    "slow",
                    up.url(),
                    UpstreamTransport.STREAMABLE_HTTP,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1)))) {
      String session = McpWire.open(gh.route("slow"));
      HttpResponse<String> r =
          send(post(gh.route("slow"), session, McpWire.toolCall(7, "slow", "{}")));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("\"id\":7")
          .contains("\"code\":-31032")
          .contains("\"key\":\"UPSTREAM_TIMEOUT\"");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(up.requests())
                      .anyMatch(
                          q ->
                              q.body().contains("notifications/cancelled")
                                  && q.body().contains("\"requestId\":7")));
    }
  }

  @Test
  void an_upstream_answer_that_is_not_mcp_gives_upstream_protocol_error() {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> s.tool("html", (call, out) -> out.status(200, "<html>hi</html>")));
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      String session = McpWire.open(gh.route("r"));
      HttpResponse<String> r =
          send(post(gh.route("r"), session, McpWire.toolCall(3, "html", "{}")));

      assertThat(r.body())
          .contains("\"id\":3")
          .contains("\"key\":\"UPSTREAM_PROTOCOL_ERROR\"")
          .contains("text/plain");
    }
  }

  @Test
  void an_upstream_429_reaches_the_caller_with_its_retry_after() {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "busy",
                        (call, out) -> out.header("Retry-After", "17").status(429, "slow down")));
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      String session = McpWire.open(gh.route("r"));
      HttpResponse<String> r =
          send(post(gh.route("r"), session, McpWire.toolCall(4, "busy", "{}")));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("17");
      assertThat(r.body())
          .contains("\"id\":4")
          .contains("\"key\":\"UPSTREAM_RATE_LIMITED\"")
          .contains("\"retryAfterSeconds\":17");
    }
  }

  @Test
  void a_retry_after_date_is_read_as_seconds_from_now() {
    long now = java.time.Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
    assertThat(UpstreamRateLimited.seconds("Mon, 07 Dec 2026 10:01:30 GMT", now)).isEqualTo(90);
    assertThat(UpstreamRateLimited.seconds("120", now)).isEqualTo(120);
    assertThat(UpstreamRateLimited.seconds("soon", now)).isEqualTo(-1);
    assertThat(UpstreamRateLimited.seconds(null, now)).isEqualTo(-1);
  }

  @Test
  void an_upstream_500_gives_upstream_error_with_its_message() {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "boom",
                        (call, out) ->
                            out.json(
                                500,
                                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"database on fire\"}}")));
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      String session = McpWire.open(gh.route("r"));
      HttpResponse<String> r =
          send(post(gh.route("r"), session, McpWire.toolCall(4, "boom", "{}")));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("\"id\":4")
          .contains("\"key\":\"UPSTREAM_ERROR\"")
          .contains("HTTP 500")
          .contains("database on fire");
    }
  }

  @Test
  void a_session_the_upstream_forgot_gets_404_so_the_client_re_initializes() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      String session = McpWire.open(gh.route("r"));
      up.expireSessions();
      HttpResponse<String> r =
          send(post(gh.route("r"), session, McpWire.toolCall(5, "echo", "{\"message\":\"x\"}")));

      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("\"key\":\"SESSION_EXPIRED\"").contains("initialize a new one");
      assertThat(McpWire.open(gh.route("r"))).isNotBlank();
    }
  }

  @Test
  void an_upstream_that_goes_away_mid_session_gives_upstream_unavailable() {
    ScriptedUpstream up = ScriptedUpstream.start(s -> {});
    try (GatewayUnderTest gh =
        GatewayUnderTest.start(
            GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      String session = McpWire.open(gh.route("r"));
      up.close();
      HttpResponse<String> r =
          send(post(gh.route("r"), session, McpWire.toolCall(6, "echo", "{\"message\":\"x\"}")));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":6").contains("\"key\":\"UPSTREAM_UNAVAILABLE\"");
    }
  }

  @Test
  void the_callers_credentials_never_reach_the_upstream() {
    try (ScriptedUpstream up = ScriptedUpstream.start(s -> {});
        GatewayUnderTest gh =
            GatewayUnderTest.start(
                GatewayUnderTest.route("r", up.url(), UpstreamTransport.STREAMABLE_HTTP))) {
      String session = McpWire.open(gh.route("r"));
      send(
          post(gh.route("r"), session, McpWire.toolCall(8, "echo", "{\"message\":\"x\"}"))
              .header("Authorization", "Bearer caller-token")
              .header("Cookie", "sid=caller")
              .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

      ScriptedUpstream.Recorded call =
          up.requests().stream()
              .filter(q -> q.body().contains("\"id\":8"))
              .findFirst()
              .orElseThrow();
      assertThat(call.headers())
          .doesNotContainKeys("authorization", "cookie")
          .containsKey("traceparent")
          .containsEntry("mcp-protocol-version", "2025-11-25");
    }
  }
}
