package io.gatehouse.gateway;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a caller sees when its request is wrong at the transport: the status, the JSON-RPC code and
 * the key.
 */
class TransportErrorsTest {
  static ScriptedUpstream upstream;
  static GatewayUnderTest gatehouse;
  static URI echo;

  @BeforeAll
  static void start() {
    upstream = ScriptedUpstream.start(s -> {});
    gatehouse =
        GatewayUnderTest.start(
            s -> s.maxRequestBytes(64 * 1024),
            GatewayUnderTest.route("echo", upstream.url(), UpstreamTransport.STREAMABLE_HTTP),
            GatewayUnderTest.route("other", upstream.url(), UpstreamTransport.STREAMABLE_HTTP));
    echo = gatehouse.route("echo");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void malformed_json_gets_400_with_parse_error() {
    HttpResponse<String> r = send(post(echo, null, "{\"jsonrpc\":\"2.0\",\"id\":1,"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("\"code\":-32700")
        .contains("\"key\":\"PARSE_ERROR\"")
        .contains("\"id\":null");
  }

  @Test
  void json_that_is_not_json_rpc_gets_400_with_invalid_request() {
    HttpResponse<String> r = send(post(echo, null, "{\"hello\":\"world\"}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":-32600").contains("\"key\":\"INVALID_REQUEST\"");
  }

  @Test
  void an_invalid_request_whose_id_is_readable_gets_it_back() {
    HttpResponse<String> r = send(post(echo, null, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":5}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("\"id\":9")
        .contains("\"code\":-32600")
        .contains("method must be a string");
  }

  @Test
  void a_batch_gets_400_with_invalid_request() {
    HttpResponse<String> r = send(post(echo, null, "[" + McpWire.initializeBody(1) + "]"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":-32600").contains("batch");
  }

  @Test
  void a_body_over_the_limit_gets_413_whether_its_length_is_declared_or_not() {
    String big = McpWire.toolCall(2, "echo", "{\"message\":\"" + "x".repeat(70 * 1024) + "\"}");
    HttpResponse<String> declared = send(post(echo, null, big));
    HttpResponse<String> chunked =
        send(
            post(echo, null, big)
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofString(big))));

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.body()).contains("\"key\":\"BODY_TOO_LARGE\"").contains("65536");
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  void a_foreign_origin_gets_403_and_a_local_one_is_served() {
    HttpResponse<String> evil =
        send(
            post(echo, null, McpWire.initializeBody(1))
                .header("Origin", "http://evil.example.com"));
    HttpResponse<String> local =
        send(post(echo, null, McpWire.initializeBody(1)).header("Origin", "http://localhost:6274"));

    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(evil.body()).contains("\"key\":\"FORBIDDEN_ORIGIN\"");
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(local.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://localhost:6274");
  }

  @Test
  void a_foreign_host_gets_403() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", gatehouse.base().getPort())) {
      String body = McpWire.initializeBody(1);
      s.getOutputStream()
          .write(
              ("POST /mcp/echo HTTP/1.1\r\nHost: evil.example.com\r\nContent-Type: application/json\r\n"
                      + "Accept: application/json, text/event-stream\r\nContent-Length: "
                      + body.length()
                      + "\r\nConnection: close\r\n\r\n"
                      + body)
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String answer =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 403").contains("FORBIDDEN_HOST");
    }
  }

  @Test
  void an_unknown_route_gets_a_404_json_error() {
    HttpResponse<String> r = send(post(gatehouse.route("nope"), null, McpWire.initializeBody(1)));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("\"key\":\"ROUTE_NOT_FOUND\"").contains("'nope'");
  }

  @Test
  void a_request_without_a_session_gets_400() {
    HttpResponse<String> r = send(post(echo, null, McpWire.toolCall(2, "echo", "{}")));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"key\":\"SESSION_REQUIRED\"");
  }

  @Test
  void unknown_tampered_foreign_route_and_deleted_sessions_get_404() {
    String session = McpWire.open(echo);
    byte[] raw = Base64.getUrlDecoder().decode(session.substring(4));
    raw[raw.length - 20] ^= 1;
    String tampered = "gh1." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    assertThat(
            send(post(echo, "gh1.bm90LWEtc2Vzc2lvbg", McpWire.toolCall(2, "echo", "{}")))
                .statusCode())
        .isEqualTo(404);
    assertThat(send(post(echo, tampered, McpWire.toolCall(2, "echo", "{}"))).statusCode())
        .isEqualTo(404);
    assertThat(
            send(post(gatehouse.route("other"), session, McpWire.toolCall(2, "echo", "{}")))
                .statusCode())
        .isEqualTo(404);

    HttpResponse<String> deleted =
        send(HttpRequest.newBuilder(echo).DELETE().header("Mcp-Session-Id", session));
    HttpResponse<String> after =
        send(post(echo, session, McpWire.toolCall(3, "echo", "{\"message\":\"hi\"}")));
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(after.statusCode()).isEqualTo(404);
    assertThat(after.body()).contains("\"code\":-32001").contains("\"key\":\"SESSION_NOT_FOUND\"");
    assertThat(upstream.requests()).anyMatch(r -> r.httpMethod().equals("DELETE"));
  }

  @Test
  void an_unsupported_protocol_version_gets_400() {
    String session = McpWire.open(echo);
    HttpResponse<String> r =
        send(
            post(echo, session, McpWire.toolCall(2, "echo", "{}"))
                .setHeader("MCP-Protocol-Version", "1999-01-01"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("\"key\":\"UNSUPPORTED_PROTOCOL_VERSION\"")
        .contains("1999-01-01");
  }

  @Test
  void
      a_caller_that_accepts_neither_json_nor_event_streams_gets_406_and_a_wrong_content_type_415() {
    HttpResponse<String> accept =
        send(post(echo, null, McpWire.initializeBody(1)).setHeader("Accept", "text/html"));
    HttpResponse<String> type =
        send(post(echo, null, McpWire.initializeBody(1)).setHeader("Content-Type", "text/plain"));

    assertThat(accept.statusCode()).isEqualTo(406);
    assertThat(type.statusCode()).isEqualTo(415);
  }

  @Test
  void other_methods_get_405_with_allow() {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(echo).PUT(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
  }
}
