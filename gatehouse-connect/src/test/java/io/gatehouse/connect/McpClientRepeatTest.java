package io.gatehouse.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A kept-alive connection the other side closed as it was reused (tinyproxy closes its side after
 * each forwarded request without saying so; Node closes idle ones after 5 s) loses the request sent
 * on it. The client sends a request that is safe to repeat once more on a new connection, and never
 * a {@code tools/call}. {@link ClosingUpstream} makes that loss certain, whichever connection the
 * client picks: it reads the first request of each method whole and closes its connection
 * unanswered.
 */
class McpClientRepeatTest {
  private static final McpClient.Options PLAIN =
      new McpClient.Options(Duration.ofSeconds(5), Map.of(), Map.of());

  @Test
  void requests_safe_to_repeat_lost_on_a_reused_connection_are_sent_once_more() throws Exception {
    try (ClosingUpstream up = ClosingUpstream.start();
        McpClient c =
            McpClient.open(up.url(), UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), PLAIN)) {
      List<JsonNode> tools = c.listTools();

      assertThat(tools).extracting(t -> t.path("name").asString()).containsExactly("echo");
      // each was lost once, then answered on a new connection
      assertThat(up.dropped)
          .containsExactly(
              "server/discover", "initialize", "notifications/initialized", "tools/list");
      assertThat(up.answered)
          .containsExactly(
              "server/discover", "initialize", "notifications/initialized", "tools/list");
    }
  }

  @Test
  void a_tools_call_lost_on_a_reused_connection_is_never_sent_again() throws Exception {
    try (ClosingUpstream up = ClosingUpstream.start();
        McpClient c =
            McpClient.open(up.url(), UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), PLAIN)) {
      assertThatThrownBy(() -> c.callTool("echo", null))
          .isInstanceOf(McpFailure.class)
          .hasMessageContaining("closed before an answer");

      assertThat(up.dropped).containsOnlyOnce("tools/call");
      assertThat(up.answered).doesNotContain("tools/call");
    }
  }

  /**
   * Streamable HTTP over raw sockets: {@code server/discover} is an unknown method (a session-era
   * server), {@code initialize} opens a session, notifications get 202, {@code tools/list} lists
   * one tool and {@code tools/call} answers. The first request of each method is read whole and its
   * connection closed with no answer, as a server or proxy closing a kept-alive connection does.
   */
  static final class ClosingUpstream implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.shared();
    final List<String> answered = new CopyOnWriteArrayList<>();
    final List<String> dropped = new CopyOnWriteArrayList<>();
    private final ServerSocket server;

    private ClosingUpstream(ServerSocket server) {
      this.server = server;
    }

    static ClosingUpstream start() throws IOException {
      ClosingUpstream up =
          new ClosingUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      Thread.ofVirtual().start(up::accept);
      return up;
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/mcp");
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
          JsonNode request = readRequest(in);
          if (request == null) {
            return;
          }
          String method = request.path("method").asString();
          if (!dropped.contains(method) && !method.equals("GET")) {
            dropped.add(method);
            return;
          }
          answered.add(method);
          out.write(answer(method, request.path("id").asInt()));
          out.flush();
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    /** The next JSON-RPC message (method "GET" for a GET), or null at the stream's end. */
    private static JsonNode readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      if (lines[0].startsWith("GET ")) {
        return JSON.readTree("{\"method\":\"GET\"}");
      }
      int length = 0;
      for (String line : lines) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return JSON.readTree(in.readNBytes(length));
    }

    private static byte[] answer(String method, int id) {
      String outcome =
          switch (method) {
            case "server/discover" -> "\"error\":{\"code\":-32601,\"message\":\"unknown\"}";
            case "initialize" ->
                "\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"closing\",\"version\":\"1\"}}";
            case "tools/list" ->
                "\"result\":{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}]}";
            case "tools/call" -> "\"result\":{\"content\":[]}";
            default -> null;
          };
      String body =
          outcome == null ? null : "{\"jsonrpc\":\"2.0\",\"id\":" + id + "," + outcome + "}";
      String head =
          body == null
              ? (method.equals("GET") ? "HTTP/1.1 405 Method Not Allowed" : "HTTP/1.1 202 Accepted")
                  + "\r\nContent-Length: 0\r\n\r\n"
              : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: s1\r\n"
                  + "Content-Length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n";
      return (head + (body == null ? "" : body)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
