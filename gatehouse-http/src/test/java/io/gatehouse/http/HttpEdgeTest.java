package io.gatehouse.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.spi.ChannelEndpoint;
import io.gatehouse.http.spi.EdgeExchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edge on a real socket: what a caller sees on the wire for good requests and for every kind of
 * bad one.
 */
class HttpEdgeTest {
  static IoLoops loops;
  static HttpEdge edge;
  static final CountDownLatch streamClosed = new CountDownLatch(1);

  @BeforeAll
  static void start() {
    loops = IoLoops.start(1);
    edge =
        HttpEdge.builder(loops)
            .listen("127.0.0.1", 0)
            .mount("/api/", HttpEdgeTest::api, ErrorShape.REST, 1024)
            .mount(
                "/registry/",
                r -> {
                  throw new GatehouseException(Errors.NOT_FOUND, "no such server");
                },
                ErrorShape.REGISTRY,
                1024)
            .mount("/native/", new Native())
            .start();
  }

  @AfterAll
  static void stop() {
    edge.close();
    loops.close();
  }

  static HttpResponse api(HttpRequest r) {
    String path = r.path().startsWith("/api/echo") ? "/api/echo" : r.path();
    return switch (path) {
      case "/api/echo" ->
          HttpResponse.json(
              200,
              "{\"method\":\""
                  + r.method()
                  + "\",\"segments\":\""
                  + r.segments("/api")
                  + "\",\"q\":\""
                  + r.query("q")
                  + "\",\"body\":"
                  + r.body().length
                  + "}");
      case "/api/refuse" -> throw new GatehouseException(Errors.FORBIDDEN, "not for you");
      case "/api/boom" -> throw new IllegalStateException("the secret internals");
      default ->
          HttpResponse.json(
              200, "{\"path\":\"" + r.path() + "\",\"segments\":\"" + r.segments("/api") + "\"}");
    };
  }

  /**
   * Answers later from another thread, or streams three chunks, or holds a stream open until the
   * caller leaves.
   */
  static final class Native implements ChannelEndpoint {
    @Override
    public int maxBodyBytes() {
      return 100;
    }

    @Override
    public void handle(EdgeExchange ex) {
      switch (ex.path()) {
        case "/native/later" ->
            Thread.startVirtualThread(
                () ->
                    ex.respond(
                        HttpResponseStatus.OK,
                        json(),
                        Unpooled.copiedBuffer("{\"later\":true}", UTF_8)));
        case "/native/stream" -> {
          ex.startStream(
              HttpResponseStatus.OK,
              new DefaultHttpHeaders().set("Content-Type", "text/event-stream"));
          for (int i = 0; i < 3; i++) {
            ex.write(Unpooled.copiedBuffer("data: " + i + "\n\n", UTF_8));
          }
          ex.end();
        }
        case "/native/hold" -> {
          ex.startStream(
              HttpResponseStatus.OK,
              new DefaultHttpHeaders().set("Content-Type", "text/event-stream"));
          ex.write(Unpooled.copiedBuffer(": open\n\n", UTF_8));
          ex.onClose(streamClosed::countDown);
        }
        default ->
            ex.respond(
                HttpResponseStatus.OK, json(), Unpooled.copiedBuffer("{\"native\":true}", UTF_8));
      }
    }

    @Override
    public void refuse(EdgeExchange ex, GatehouseException refusal) {
      ex.respond(
          HttpResponseStatus.valueOf(refusal.error().httpStatus()),
          json(),
          Unpooled.copiedBuffer("{\"refused\":\"" + refusal.error().key() + "\"}", UTF_8));
    }

    private static DefaultHttpHeaders json() {
      return (DefaultHttpHeaders) new DefaultHttpHeaders().set("Content-Type", "application/json");
    }
  }

  @Test
  void a_rest_service_gets_method_decoded_segments_query_and_body() throws IOException {
    Wire.Answer a =
        Wire.exchange(
            edge.port(),
            "POST /api/echo/a%2Fb/c+d?q=x+y%21 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body())
        .contains("\"method\":\"POST\"")
        .contains("[echo, a/b, c+d]")
        .contains("\"q\":\"x y!\"")
        .contains("\"body\":5");
  }

  @Test
  void runs_of_slashes_are_collapsed_so_a_trailing_slash_in_a_base_url_is_harmless()
      throws IOException {
    Wire.Answer a = Wire.exchange(edge.port(), "GET //api//x HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("\"path\":\"/api/x\"");
  }

  @Test
  void an_unknown_path_gets_a_json_not_found() throws IOException {
    Wire.Answer a = Wire.exchange(edge.port(), "GET /nothing/here HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.header("content-type")).isEqualTo("application/json");
    assertThat(a.body()).contains("\"code\":\"NOT_FOUND\"").contains("\"hint\"");
  }

  @Test
  void a_refusal_takes_its_key_and_the_mounts_error_shape() throws IOException {
    Wire.Answer rest = Wire.exchange(edge.port(), "GET /api/refuse HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(rest.status()).isEqualTo(403);
    assertThat(rest.body())
        .startsWith("{\"error\":{\"message\":\"not for you\",\"code\":\"FORBIDDEN\"");
    Wire.Answer registry =
        Wire.exchange(edge.port(), "GET /registry/x HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(registry.status()).isEqualTo(404);
    assertThat(registry.body()).startsWith("{\"error\":\"no such server\",\"code\":\"NOT_FOUND\"");
  }

  @Test
  void an_unexpected_failure_is_an_internal_error_with_an_incident_id_and_no_internals()
      throws IOException {
    Wire.Answer a = Wire.exchange(edge.port(), "GET /api/boom HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.body())
        .contains("\"code\":\"INTERNAL_ERROR\"")
        .contains("incident")
        .doesNotContain("secret");
  }

  @Test
  void bad_percent_encoding_is_a_json_invalid_request() throws IOException {
    Wire.Answer a = Wire.exchange(edge.port(), "GET /api/x/%zz HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).contains("\"code\":\"INVALID_REQUEST\"");
  }

  @Test
  void an_unreadable_request_a_long_uri_and_huge_headers_get_json_errors() throws IOException {
    Wire.Answer garbage = Wire.exchange(edge.port(), "NOT HTTP AT ALL\r\n\r\n");
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.body()).contains("\"code\":\"INVALID_REQUEST\"");
    Wire.Answer longUri =
        Wire.exchange(
            edge.port(), "GET /api/" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(longUri.status()).isEqualTo(414);
    assertThat(longUri.body()).contains("\"code\":\"URI_TOO_LONG\"");
    Wire.Answer bigHeaders =
        Wire.exchange(
            edge.port(),
            "GET /api/x HTTP/1.1\r\nHost: t\r\nX-Big: " + "y".repeat(40_000) + "\r\n\r\n");
    assertThat(bigHeaders.status()).isEqualTo(431);
    assertThat(bigHeaders.body()).contains("\"code\":\"HEADERS_TOO_LARGE\"");
  }

  @Test
  void a_body_over_the_limit_gets_413_declared_or_chunked_and_the_connection_serves_on()
      throws IOException {
    try (Wire w = Wire.open(edge.port())) {
      Wire.Answer declared =
          w.send(
              "POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n"
                  + "z".repeat(2000));
      assertThat(declared.status()).isEqualTo(413);
      assertThat(declared.body())
          .contains("\"code\":\"BODY_TOO_LARGE\"")
          .contains("limit: 1024 bytes");
      Wire.Answer chunked =
          w.send(
              "POST /api/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "400\r\n"
                  + "a".repeat(1024)
                  + "\r\n10\r\n"
                  + "b".repeat(16)
                  + "\r\n0\r\n\r\n");
      assertThat(chunked.status()).isEqualTo(413);
      Wire.Answer after = w.send("GET /api/echo HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(after.status()).isEqualTo(200);
    }
    Wire.Answer nativeRefusal =
        Wire.exchange(
            edge.port(),
            "POST /native/x HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n" + "n".repeat(101));
    assertThat(nativeRefusal.body()).isEqualTo("{\"refused\":\"BODY_TOO_LARGE\"}");
  }

  @Test
  void expect_100_continue_is_answered_and_refused_early_when_too_large() throws IOException {
    try (Wire w = Wire.open(edge.port())) {
      w.write(
          "POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
      assertThat(w.read().status()).isEqualTo(100);
      w.write("abc");
      assertThat(w.read().body()).contains("\"body\":3");
    }
    Wire.Answer refused =
        Wire.exchange(
            edge.port(),
            "POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
    assertThat(refused.status()).isEqualTo(413);
  }

  @Test
  void pipelined_requests_are_answered_in_order_even_when_the_first_answers_later()
      throws IOException {
    try (Wire w = Wire.open(edge.port())) {
      w.write(
          "GET /native/later HTTP/1.1\r\nHost: t\r\n\r\nGET /native/now HTTP/1.1\r\nHost: t\r\n\r\nGET /api/echo HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(w.read().body()).isEqualTo("{\"later\":true}");
      assertThat(w.read().body()).isEqualTo("{\"native\":true}");
      assertThat(w.read().body()).contains("\"method\":\"GET\"");
    }
  }

  @Test
  void a_streamed_answer_arrives_chunked_and_the_connection_serves_on() throws IOException {
    try (Wire w = Wire.open(edge.port())) {
      Wire.Answer s = w.send("GET /native/stream HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(s.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(s.body()).isEqualTo("data: 0\n\ndata: 1\n\ndata: 2\n\n");
      assertThat(w.send("GET /native/now HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
    }
  }

  @Test
  void a_caller_that_leaves_a_held_stream_is_noticed() throws Exception {
    try (Wire w = Wire.open(edge.port())) {
      w.write("GET /native/hold HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(w.readHead().status()).isEqualTo(200);
    }
    assertThat(streamClosed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void connection_close_is_honoured() throws IOException {
    try (Wire w = Wire.open(edge.port())) {
      Wire.Answer a = w.send("GET /api/echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
      assertThat(a.header("connection")).isEqualTo("close");
      assertThat(w.atEnd()).isTrue();
    }
  }

  /** A raw HTTP/1.1 connection, to see exactly what the edge writes. */
  static final class Wire implements AutoCloseable {
    record Answer(int status, java.util.Map<String, String> headers, String body) {
      String header(String name) {
        return headers.get(name);
      }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Wire(Socket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout(10_000);
      this.in = new java.io.BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static Wire open(int port) throws IOException {
      return new Wire(new Socket("127.0.0.1", port));
    }

    static Answer exchange(int port, String request) throws IOException {
      try (Wire w = open(port)) {
        return w.send(request);
      }
    }

    Answer send(String request) throws IOException {
      write(request);
      return read();
    }

    void write(String s) throws IOException {
      out.write(s.getBytes(UTF_8));
      out.flush();
    }

    Answer readHead() throws IOException {
      String status = line();
      java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
      for (String l = line(); !l.isEmpty(); l = line()) {
        int c = l.indexOf(':');
        headers.put(
            l.substring(0, c).trim().toLowerCase(java.util.Locale.ROOT), l.substring(c + 1).trim());
      }
      return new Answer(Integer.parseInt(status.split(" ")[1]), headers, "");
    }

    Answer read() throws IOException {
      Answer head = readHead();
      if (head.status() == 100) {
        return head;
      }
      StringBuilder body = new StringBuilder();
      if ("chunked".equals(head.header("transfer-encoding"))) {
        for (int size = Integer.parseInt(line().trim(), 16);
            size > 0;
            size = Integer.parseInt(line().trim(), 16)) {
          body.append(new String(in.readNBytes(size), UTF_8));
          line();
        }
        line();
      } else if (head.header("content-length") != null) {
        body.append(
            new String(in.readNBytes(Integer.parseInt(head.header("content-length"))), UTF_8));
      }
      return new Answer(head.status(), head.headers(), body.toString());
    }

    boolean atEnd() throws IOException {
      return in.read() == -1;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed; read so far: " + sb);
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
