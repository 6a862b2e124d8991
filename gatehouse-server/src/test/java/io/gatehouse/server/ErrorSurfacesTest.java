package io.gatehouse.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error answer of every surface is JSON with a stable key where its surface puts it:
 * Gatehouse's REST shape ({@code error.code}), the registry's ({@code code} beside the string
 * {@code error}), and MCP's JSON-RPC errors ({@code error.data.key}). Requests go over a raw
 * socket, so even ones no client library would send (a malformed request line, a huge header) are
 * covered.
 */
class ErrorSurfacesTest {
  static ScriptedUpstream upstream;
  static RunningGatehouse gatehouse;
  static final JsonMapper JSON = JsonMapper.shared();

  enum Shape {
    REST,
    REGISTRY,
    MCP
  }

  @BeforeAll
  static void start() {
    upstream = ScriptedUpstream.start(s -> {});
    gatehouse =
        RunningGatehouse.start(
            "routes:\n" + RunningGatehouse.route("r", upstream.url(), "streamable-http"));
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
  }

  static Stream<Arguments> answers() {
    String token = "Authorization: Bearer " + RunningGatehouse.ADMIN_TOKEN + "\r\n";
    return Stream.of(
        // the edge itself
        Arguments.of(
            "unknown path", "GET /nothing/here HTTP/1.1\r\n", "", 404, Shape.REST, "NOT_FOUND"),
        Arguments.of(
            "malformed request line", "NOT A REQUEST\r\n", "", 400, Shape.REST, "INVALID_REQUEST"),
        Arguments.of(
            "request line too long",
            "GET /v0.1/" + "x".repeat(9000) + " HTTP/1.1\r\n",
            "",
            414,
            Shape.REST,
            "URI_TOO_LONG"),
        Arguments.of(
            "headers too large",
            "GET /healthz HTTP/1.1\r\nX-Big: " + "y".repeat(40_000) + "\r\n",
            "",
            431,
            Shape.REST,
            "HEADERS_TOO_LARGE"),
        Arguments.of(
            "wrong method on health",
            "POST /healthz HTTP/1.1\r\n",
            "",
            405,
            Shape.REST,
            "METHOD_NOT_ALLOWED"),
        // the admin API
        Arguments.of(
            "admin without a token",
            "GET /admin/v1/environments HTTP/1.1\r\n",
            "",
            401,
            Shape.REST,
            "UNAUTHENTICATED"),
        Arguments.of(
            "admin, unknown resource",
            "GET /admin/v1/nothing HTTP/1.1\r\n" + token,
            "",
            404,
            Shape.REST,
            "NOT_FOUND"),
        Arguments.of(
            "admin, wrong method",
            "PUT /admin/v1/environments HTTP/1.1\r\n" + token,
            "{}",
            405,
            Shape.REST,
            "METHOD_NOT_ALLOWED"),
        Arguments.of(
            "admin, body not JSON",
            "POST /admin/v1/environments HTTP/1.1\r\n" + token,
            "{nope",
            400,
            Shape.REST,
            "INVALID_JSON"),
        Arguments.of(
            "admin, body too large",
            "POST /admin/v1/environments HTTP/1.1\r\n" + token,
            "x".repeat(1_100_000),
            413,
            Shape.REST,
            "BODY_TOO_LARGE"),
        // the registry API
        Arguments.of(
            "registry, unknown server",
            "GET /v0.1/servers/com.example%2Fnone/versions HTTP/1.1\r\n",
            "",
            404,
            Shape.REGISTRY,
            "SERVER_NOT_FOUND"),
        Arguments.of(
            "registry, bad percent-encoding",
            "GET /v0.1/servers/%zz/versions HTTP/1.1\r\n",
            "",
            400,
            Shape.REGISTRY,
            "INVALID_REQUEST"),
        Arguments.of(
            "registry, publish without a token",
            "POST /v0.1/publish HTTP/1.1\r\n",
            "{}",
            401,
            Shape.REGISTRY,
            "UNAUTHENTICATED"),
        Arguments.of(
            "registry, wrong method",
            "DELETE /v0.1/servers HTTP/1.1\r\n" + token,
            "",
            405,
            Shape.REGISTRY,
            "METHOD_NOT_ALLOWED"),
        Arguments.of(
            "registry, unknown path",
            "GET /v0.1/nothing HTTP/1.1\r\n",
            "",
            404,
            Shape.REGISTRY,
            "NOT_FOUND"),
        // the MCP endpoints
        Arguments.of(
            "unknown route",
            "POST /mcp/none HTTP/1.1\r\nContent-Type: application/json\r\n",
            "{}",
            404,
            Shape.MCP,
            "ROUTE_NOT_FOUND"),
        Arguments.of(
            "unknown MCP endpoint",
            "GET /mcp/r/nothing HTTP/1.1\r\n",
            "",
            404,
            Shape.MCP,
            "NOT_FOUND"),
        Arguments.of(
            "wrong method on a route",
            "PUT /mcp/r HTTP/1.1\r\n",
            "{}",
            405,
            Shape.MCP,
            "METHOD_NOT_ALLOWED"),
        Arguments.of(
            "not JSON",
            "POST /mcp/r HTTP/1.1\r\nContent-Type: application/json\r\n",
            "{\"id\":",
            400,
            Shape.MCP,
            "PARSE_ERROR"),
        Arguments.of(
            "message too large",
            "POST /mcp/r HTTP/1.1\r\nContent-Type: application/json\r\n",
            "x".repeat(5_000_000),
            413,
            Shape.MCP,
            "BODY_TOO_LARGE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void every_error_is_json_with_a_stable_key(
      String what, String head, String body, int status, Shape shape, String key)
      throws IOException {
    Answer a = exchange(head, body);

    assertThat(a.status()).as(what).isEqualTo(status);
    assertThat(a.headers().get("content-type")).as(what).startsWith("application/json");
    JsonNode json = JSON.readTree(a.body());
    switch (shape) {
      case REST -> {
        assertThat(json.at("/error/code").asString()).as(what).isEqualTo(key);
        assertThat(json.at("/error/hint").asString()).as(what).isNotBlank();
      }
      case REGISTRY -> {
        assertThat(json.path("error").isString()).as(what + ": error is the message").isTrue();
        assertThat(json.path("code").asString()).as(what).isEqualTo(key);
      }
      case MCP -> {
        assertThat(json.path("jsonrpc").asString()).as(what).isEqualTo("2.0");
        assertThat(json.at("/error/data/key").asString()).as(what).isEqualTo(key);
        assertThat(json.at("/error/data/hint").asString()).as(what).isNotBlank();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doubledSlashes")
  void a_doubled_slash_is_harmless(String path) throws IOException {
    assertThat(exchange("GET " + path + " HTTP/1.1\r\n", "").status()).isEqualTo(200);
  }

  static Stream<String> doubledSlashes() {
    return Stream.of("//v0.1/servers", "/v0.1//servers", "//healthz");
  }

  record Answer(int status, Map<String, String> headers, String body) {}

  /**
   * Sends a request over a new socket (Host, Content-Length and Connection: close are added) and
   * reads the answer.
   */
  static Answer exchange(String head, String body) throws IOException {
    byte[] b = body.getBytes(UTF_8);
    String request =
        head
            + "Host: 127.0.0.1\r\n"
            + (b.length > 0 ? "Content-Length: " + b.length + "\r\n" : "")
            + "Connection: close\r\n\r\n";
    try (Socket s = new Socket("127.0.0.1", gatehouse.server().port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(UTF_8));
      try {
        out.write(b);
      } catch (IOException refusedMidway) {
        // a refusal may close the connection while a large body is still being sent; its answer is
        // read below
      }
      InputStream in = s.getInputStream();
      String status = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int c = l.indexOf(':');
        headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      return new Answer(
          Integer.parseInt(status.split(" ")[1]),
          headers,
          new String(in.readNBytes(length), UTF_8));
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the connection closed mid-answer; read: " + sb);
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
