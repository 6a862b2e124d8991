package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.net.Egress;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.LoopbackPorts;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections through the admin API, validated against real local servers made to fail each way the
 * diagnosis keys name. Every packet stays on loopback; names resolve through a seam.
 */
class ConnectionsTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String KEY = "k-3f9a81c2e7d4";
  static ScriptedUpstream upstream;

  /** A Streamable HTTP server that answers a GET with 405, as most do without a session. */
  static ScriptedUpstream noStream;

  static HttpServer shapes;
  static ServerSocket silent;
  static final CountDownLatch release = new CountDownLatch(1);

  /** Each legacy stream's outgoing messages, by the session its endpoint names. */
  static final java.util.Map<String, BlockingQueue<String>> legacyOut =
      new java.util.concurrent.ConcurrentHashMap<>();

  static final java.util.concurrent.atomic.AtomicInteger legacySessions =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Answers any connection in plain text, as an HTTP port does to a TLS client. */
  static ServerSocket plain;

  static RunningGatehouse gh;

  /** {@code denied.internal} is a loopback address the egress rules deny. */
  static final Egress.Resolver NAMES =
      host -> {
        if (host.equals("denied.internal")) {
          return List.of(InetAddress.getByName("127.0.0.2"));
        }
        throw new UnknownHostException(host);
      };

  @BeforeAll
  static void start() throws IOException {
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool("search", (c, out) -> out.result(ScriptedUpstream.text("found")))
                    .tool("fetch", (c, out) -> out.result(ScriptedUpstream.text("fetched"))));
    noStream = ScriptedUpstream.start(ScriptedUpstream.Script::noGetStream);
    shapes = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    shapes.createContext(
        "/unauthorized",
        ex ->
            answer(ex, 401, "WWW-Authenticate", "Bearer realm=\"tools\", error=\"invalid_token\""));
    shapes.createContext("/forbidden", ex -> answer(ex, 403, null, null));
    shapes.createContext("/limited", ex -> answer(ex, 429, "Retry-After", "7"));
    shapes.createContext("/html", ex -> answer(ex, 200, "Content-Type", "text/html"));
    shapes.createContext("/legacy", ConnectionsTest::legacy);
    shapes.createContext("/messages", ConnectionsTest::legacyPost);
    shapes.createContext("/elsewhere", ConnectionsTest::elsewhere);
    shapes.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    shapes.start();
    silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              try (Socket held = silent.accept()) {
                release.await(); // accepts and never answers
              } catch (IOException | InterruptedException e) {
                // closed at the end
              }
            });
    plain = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!plain.isClosed()) {
                try (Socket s = plain.accept()) {
                  s.getOutputStream()
                      .write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                  // closed at the end
                }
              }
            });
    gh =
        RunningGatehouse.start(
            Files.createTempDirectory("gatehouse-connections"),
            "egress: {deny: [127.0.0.2/32]}\nconnections: {validate-timeout: 1s}\n",
            NAMES);
  }

  @AfterAll
  static void stop() throws IOException {
    release.countDown();
    gh.close();
    shapes.stop(0);
    silent.close();
    plain.close();
    upstream.close();
    noStream.close();
  }

  static void answer(HttpExchange ex, int status, String header, String value) throws IOException {
    ex.getRequestBody().readAllBytes();
    if (header != null) {
      ex.getResponseHeaders().add(header, value);
    }
    byte[] body =
        status == 200 ? "<html>hello</html>".getBytes(StandardCharsets.UTF_8) : new byte[0];
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** A legacy HTTP+SSE server: GET opens the stream (an endpoint event first); POST is 405. */
  static void legacy(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("GET")) {
      answer(ex, 405, null, null);
      return;
    }
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    String session = Integer.toString(legacySessions.incrementAndGet());
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    legacyOut.put(session, queue);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(
          ("event: endpoint\ndata: /messages?s=" + session + "\n\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (String m = queue.poll(5, TimeUnit.SECONDS);
          m != null;
          m = queue.poll(5, TimeUnit.SECONDS)) {
        out.write(("event: message\ndata: " + m + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException | IOException e) {
      // the client went away
    }
  }

  /** A legacy stream whose endpoint event names another origin. */
  static void elsewhere(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(
          "event: endpoint\ndata: http://127.0.0.3:9/messages\n\n"
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  static void legacyPost(HttpExchange ex) throws IOException {
    JsonNode m = JsonMapper.shared().readTree(ex.getRequestBody().readAllBytes());
    if (m.has("id")) {
      String result =
          switch (m.path("method").asString()) {
            case "initialize" ->
                "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"legacy-tools\",\"version\":\"0.9\"}}";
            default -> "{\"tools\":[{\"name\":\"old\",\"inputSchema\":{\"type\":\"object\"}}]}";
          };
      String session = ex.getRequestURI().getQuery().substring("s=".length());
      legacyOut
          .get(session)
          .add("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":" + result + "}");
    }
    ex.sendResponseHeaders(202, -1);
    ex.close();
  }

  static String shape(String path) {
    return "http://127.0.0.1:" + shapes.getAddress().getPort() + path;
  }

  static JsonNode create(String name, String url, String transport, String auth) {
    HttpResponse<String> r =
        gh.send(
            "POST",
            "/admin/v1/connections",
            TOKEN,
            "{\"name\":\""
                + name
                + "\",\"url\":\""
                + url
                + "\",\"transport\":\""
                + transport
                + "\""
                + (auth == null ? "" : ",\"auth\":" + auth)
                + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JsonMapper.shared().readTree(r.body());
  }

  static JsonNode diagnosisOf(String name, String url, String transport) {
    JsonNode v = create(name, url, transport, null).path("validation");
    assertThat(v.path("status").asString()).isEqualTo("Failed");
    assertThat(v.path("hint").asString()).isNotBlank();
    return v;
  }

  @Test
  void a_key_connection_is_connected_with_its_tools_and_the_key_reaches_the_upstream() {
    JsonNode c =
        create(
            "search",
            upstream.url().toString(),
            "streamable-http",
            "{\"type\":\"key\",\"headers\":{\"X-API-Key\":{\"value\":\"" + KEY + "\"}}}");
    JsonNode v = c.path("validation");
    assertThat(v.path("status").asString()).as(v.toString()).isEqualTo("Connected");
    assertThat(v.path("transport").asString()).isEqualTo("streamable-http");
    assertThat(v.path("protocolVersion").asString()).isEqualTo("2025-11-25");
    assertThat(v.path("toolCount").asInt()).isEqualTo(v.path("tools").size()).isPositive();
    assertThat(v.path("tools").toString()).contains("search").contains("fetch");
    // the key went upstream; the answer names the vault secret, never the value
    assertThat(upstream.requests())
        .anySatisfy(r -> assertThat(r.headers().get("x-api-key")).isEqualTo(KEY));
    assertThat(c.toString())
        .doesNotContain(KEY)
        .contains("${secret:connection.search.header.x-api-key}");
    HttpResponse<String> shown = gh.get("/admin/v1/connections/search", TOKEN);
    assertThat(shown.body()).doesNotContain(KEY).contains("Connected");
    assertThat(shown.headers().firstValue("Cache-Control")).contains("no-store");
    // validate again: history, newest first
    HttpResponse<String> again =
        gh.send("POST", "/admin/v1/connections/search/validate", TOKEN, "");
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode checks =
        JsonMapper.shared().readTree(gh.get("/admin/v1/connections/search/checks", TOKEN).body());
    assertThat(checks.path("checks").size()).isEqualTo(2);
  }

  @Test
  void
      a_legacy_sse_server_is_connected_with_transport_auto_and_named_when_the_transport_is_wrong() {
    JsonNode auto = create("legacy-auto", shape("/legacy"), "auto", null).path("validation");
    assertThat(auto.path("status").asString()).as(auto.toString()).isEqualTo("Connected");
    assertThat(auto.path("transport").asString()).isEqualTo("sse");
    assertThat(auto.path("serverInfo").path("name").asString()).isEqualTo("legacy-tools");
    assertThat(auto.path("tools").toString()).contains("old");
    JsonNode wrong = diagnosisOf("legacy-wrong", shape("/legacy"), "streamable-http");
    assertThat(wrong.path("diagnosis").asString()).isEqualTo("UPSTREAM_WRONG_TRANSPORT");
    assertThat(wrong.path("details").path("works").asString()).isEqualTo("sse");
    JsonNode elsewhere = diagnosisOf("elsewhere", shape("/elsewhere"), "sse");
    assertThat(elsewhere.path("diagnosis").asString()).isEqualTo("UPSTREAM_NOT_MCP");
    assertThat(elsewhere.path("message").asString()).contains("another origin (127.0.0.3)");
    JsonNode wrongWay = diagnosisOf("streamable-as-sse", noStream.url().toString(), "sse");
    assertThat(wrongWay.path("diagnosis").asString())
        .as(wrongWay.toString())
        .isEqualTo("UPSTREAM_WRONG_TRANSPORT");
    assertThat(wrongWay.path("details").path("works").asString()).isEqualTo("streamable-http");
  }

  @Test
  void an_upstream_that_refuses_the_credential_shows_its_www_authenticate() {
    JsonNode v = diagnosisOf("unauthorized", shape("/unauthorized"), "streamable-http");
    assertThat(v.path("diagnosis").asString()).isEqualTo("UPSTREAM_UNAUTHORIZED");
    assertThat(v.path("details").path("wwwAuthenticate").asString()).contains("invalid_token");
    assertThat(v.path("hint").asString()).contains("header name and format");
    assertThat(diagnosisOf("forbidden", shape("/forbidden"), "auto").path("diagnosis").asString())
        .isEqualTo("UPSTREAM_FORBIDDEN");
    JsonNode limited = diagnosisOf("limited", shape("/limited"), "auto");
    assertThat(limited.path("diagnosis").asString()).isEqualTo("UPSTREAM_RATE_LIMITED");
    assertThat(limited.path("details").path("retryAfter").asString()).isEqualTo("7");
  }

  @Test
  void a_page_that_is_not_mcp_and_nothing_listening_are_told_apart() throws IOException {
    assertThat(diagnosisOf("html", shape("/html"), "auto").path("diagnosis").asString())
        .isEqualTo("UPSTREAM_NOT_MCP");
    int closed = LoopbackPorts.free();
    assertThat(
            diagnosisOf("refused", "http://127.0.0.1:" + closed + "/mcp", "auto")
                .path("diagnosis")
                .asString())
        .isEqualTo("UPSTREAM_CONNECTION_REFUSED");
    assertThat(
            diagnosisOf("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/mcp", "auto")
                .path("diagnosis")
                .asString())
        .isEqualTo("UPSTREAM_TIMEOUT");
    // https to a plain HTTP port: the handshake fails
    assertThat(
            diagnosisOf("tls", "https://127.0.0.1:" + plain.getLocalPort() + "/mcp", "auto")
                .path("diagnosis")
                .asString())
        .isEqualTo("UPSTREAM_TLS_FAILED");
  }

  @Test
  void names_that_do_not_resolve_or_resolve_to_denied_addresses_are_diagnosed_before_connecting() {
    assertThat(
            diagnosisOf("dns", "https://tools.nowhere.internal/mcp", "auto")
                .path("diagnosis")
                .asString())
        .isEqualTo("UPSTREAM_DNS_FAILED");
    JsonNode denied = diagnosisOf("denied", "https://denied.internal:9/mcp", "auto");
    assertThat(denied.path("diagnosis").asString()).isEqualTo("EGRESS_FORBIDDEN");
    assertThat(denied.path("message").asString()).contains("egress.deny lists 127.0.0.2/32");
    // a literal denied address is refused when set, and nothing is stored
    HttpResponse<String> r =
        gh.send(
            "POST",
            "/admin/v1/connections",
            TOKEN,
            "{\"name\":\"literal\",\"url\":\"http://127.0.0.2:9/mcp\"}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("EGRESS_FORBIDDEN");
    assertThat(gh.get("/admin/v1/connections/literal", TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void a_connection_can_force_a_protocol_era_and_shows_it() {
    HttpResponse<String> r =
        gh.send(
            "POST",
            "/admin/v1/connections",
            TOKEN,
            "{\"name\":\"modern-only\",\"url\":\""
                + noStream.url()
                + "\",\"protocol\":\"2026-07-28\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode c = JsonMapper.shared().readTree(r.body());
    assertThat(c.path("protocol").asString()).isEqualTo("2026-07-28");
    JsonNode v = c.path("validation");
    assertThat(v.path("diagnosis").asString())
        .as(v.toString())
        .isEqualTo("UPSTREAM_PROTOCOL_UNSUPPORTED");
    assertThat(v.path("hint").asString()).contains("protocol to auto");
    JsonNode legacy =
        JsonMapper.shared()
            .readTree(
                gh.send(
                        "POST",
                        "/admin/v1/connections",
                        TOKEN,
                        "{\"name\":\"legacy-only\",\"url\":\""
                            + noStream.url()
                            + "\",\"protocol\":\"2025-11-25\"}")
                    .body());
    assertThat(legacy.path("validation").path("status").asString()).isEqualTo("Connected");
    assertThat(legacy.path("validation").path("protocolVersion").asString())
        .isEqualTo("2025-11-25");
    HttpResponse<String> bad =
        gh.send(
            "POST",
            "/admin/v1/connections",
            TOKEN,
            "{\"name\":\"era\",\"url\":\"http://127.0.0.1:1/mcp\",\"protocol\":\"1999\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("INVALID_CONNECTION").contains("protocol: \\\"1999\\\"");
  }

  @Test
  void bad_input_is_refused_with_a_key_and_nothing_is_half_written() {
    for (String body :
        List.of(
            "{\"name\":\"Bad Name\",\"url\":\"http://127.0.0.1:1/mcp\"}",
            "{\"name\":\"plain\",\"url\":\"http://tools.example.com/mcp\"}",
            "{\"name\":\"creds\",\"url\":\"http://user:pw@127.0.0.1:1/mcp\"}",
            "{\"name\":\"t\",\"url\":\"http://127.0.0.1:1/mcp\",\"transport\":\"websocket\"}",
            "{\"name\":\"a\",\"url\":\"http://127.0.0.1:1/mcp\",\"auth\":{\"type\":\"key\"}}",
            "{\"name\":\"o\",\"url\":\"http://127.0.0.1:1/mcp\",\"auth\":{\"type\":\"magic\"}}")) {
      HttpResponse<String> r = gh.send("POST", "/admin/v1/connections", TOKEN, body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      JsonNode e = JsonMapper.shared().readTree(r.body()).path("error");
      assertThat(e.path("code").asString()).isEqualTo("INVALID_CONNECTION");
      assertThat(e.path("hint").asString()).isNotBlank();
    }
    HttpResponse<String> host =
        gh.send(
            "POST",
            "/admin/v1/connections",
            TOKEN,
            "{\"name\":\"h\",\"url\":\"http://127.0.0.1:1/mcp\",\"auth\":{\"type\":\"key\","
                + "\"headers\":{\"Host\":\"elsewhere.example\"}}}");
    assertThat(host.statusCode()).isEqualTo(400);
    assertThat(host.body()).contains("INVALID_CONNECTION").contains("set by Gatehouse itself");
    JsonNode list = JsonMapper.shared().readTree(gh.get("/admin/v1/connections", TOKEN).body());
    for (String name : List.of("Bad Name", "plain", "creds", "t", "a", "o", "h")) {
      assertThat(list.path("connections").toString()).doesNotContain("\"name\":\"" + name + "\"");
    }
    assertThat(list.path("connections").toString())
        .doesNotContain("\"plain\"")
        .doesNotContain("\"creds\"");
  }

  @Test
  void deleting_a_connection_purges_the_secrets_it_keeps() {
    create(
        "temporary",
        upstream.url().toString(),
        "streamable-http",
        "{\"type\":\"key\",\"headers\":{\"Authorization\":{\"value\":\"Bearer t-1\"}}}");
    assertThat(gh.get("/admin/v1/projects/default/secrets", TOKEN).body())
        .contains("connection.temporary.header.authorization");
    assertThat(gh.send("DELETE", "/admin/v1/connections/temporary", TOKEN, "").statusCode())
        .isEqualTo(204);
    assertThat(gh.get("/admin/v1/projects/default/secrets", TOKEN).body())
        .doesNotContain("connection.temporary.");
    assertThat(gh.get("/admin/v1/connections/temporary", TOKEN).statusCode()).isEqualTo(404);
  }
}
