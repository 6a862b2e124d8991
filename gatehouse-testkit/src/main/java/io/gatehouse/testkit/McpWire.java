package io.gatehouse.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * MCP over raw HTTP for tests that assert on exactly what a client sees on the wire: which status,
 * which stream carries which message, which headers. Requests are built as JSON text so a test
 * shows what is sent. For behaviour through a real client library, the interop suites use the SDKs.
 */
public final class McpWire {
  public static final String VERSION = "2025-11-25";
  public static final String ACCEPT = "application/json, text/event-stream";
  public static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private McpWire() {}

  /** {@code initialize} with no client capabilities. */
  public static String initializeBody(Object id) {
    return initializeBody(id, "{}");
  }

  /** {@code initialize} declaring {@code capabilities} (a JSON object). */
  public static String initializeBody(Object id, String capabilities) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + VERSION
        + "\",\"capabilities\":"
        + capabilities
        + ",\"clientInfo\":{\"name\":\"gatehouse-test\",\"version\":\"1\"}}}";
  }

  public static String toolCall(Object id, String tool, String argumentsJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + argumentsJson
        + "}}";
  }

  /**
   * An MCP 2026-07-28 {@code tools/call}: its version and {@code capabilities} in {@code _meta},
   * and {@code extra} members of {@code params} (JSON text without braces, such as {@code
   * "inputResponses":{...},"requestState":"..."}, or empty).
   */
  public static String modernToolCall(
      Object id, String tool, String argumentsJson, String capabilities, String extra) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + argumentsJson
        + (extra.isEmpty() ? "" : "," + extra)
        + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":"
        + capabilities
        + "}}}";
  }

  /** An MCP 2026-07-28 POST of a {@code tools/call} of {@code tool}: no session, its headers. */
  public static HttpRequest.Builder modernCall(URI url, String tool, String body) {
    return post(url, null, body)
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", "tools/call")
        .header("Mcp-Name", tool);
  }

  public static String notification(String method) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}";
  }

  /**
   * A POST of {@code body}, with the session's id and protocol version when {@code sessionId} is
   * not null.
   */
  public static HttpRequest.Builder post(URI url, String sessionId, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Accept", ACCEPT)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) {
      b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", VERSION);
    }
    return b;
  }

  /** A GET of the session's server-to-client stream. */
  public static HttpRequest.Builder get(URI url, String sessionId) {
    return HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", sessionId)
        .header("MCP-Protocol-Version", VERSION)
        .GET();
  }

  public static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and returns the answer as it arrives, for streams read event by event. */
  public static HttpResponse<InputStream> stream(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Initializes a session and sends {@code notifications/initialized}; returns the session id. */
  public static String open(URI route) {
    return open(route, "{}");
  }

  /** Initializes a session declaring {@code capabilities}; returns the session id. */
  public static String open(URI route, String capabilities) {
    HttpResponse<String> init = send(post(route, null, initializeBody(1, capabilities)));
    if (init.statusCode() != 200) {
      throw new AssertionError("initialize answered " + init.statusCode() + ": " + init.body());
    }
    String session =
        init.headers()
            .firstValue("Mcp-Session-Id")
            .orElseThrow(
                () ->
                    new AssertionError(
                        "initialize answered without Mcp-Session-Id: " + init.body()));
    HttpResponse<String> initialized =
        send(post(route, session, notification("notifications/initialized")));
    if (initialized.statusCode() != 202) {
      throw new AssertionError(
          "notifications/initialized answered "
              + initialized.statusCode()
              + ": "
              + initialized.body());
    }
    return session;
  }

  /** The JSON-RPC messages of an answer, whether it came as JSON or as an event stream. */
  public static List<String> messages(HttpResponse<String> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("text/event-stream")) {
      return List.of(response.body());
    }
    return events(response.body()).stream()
        .filter(SseEvent::hasData)
        .map(SseEvent::dataAsString)
        .toList();
  }

  public static List<SseEvent> events(String body) {
    try {
      SseReader reader = new SseReader(new ByteArrayInputStream(body.getBytes(UTF_8)));
      List<SseEvent> events = new ArrayList<>();
      for (SseEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last message of an answer: the response, for a request. */
  public static String answer(HttpResponse<String> response) {
    return messages(response).getLast();
  }

  /**
   * Sends {@code request} (a whole HTTP/1.1 request, head and body) over a new socket and returns
   * the status line's code: for requests an HTTP client library would not send, such as a foreign
   * Host.
   */
  public static int raw(URI base, String request) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      return Integer.parseInt(line.toString().trim().split(" ")[1]);
    }
  }

  /**
   * POSTs {@code initialize} to {@code url} with the given Host and Origin over a raw socket;
   * returns the status.
   */
  public static int initializeWithHost(URI url, String host, String origin) throws IOException {
    String body = initializeBody(1);
    return raw(
        url,
        "POST "
            + url.getPath()
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nOrigin: "
            + origin
            + "\r\nContent-Type: application/json\r\nAccept: "
            + ACCEPT
            + "\r\nContent-Length: "
            + body.getBytes(UTF_8).length
            + "\r\nConnection: close\r\n\r\n"
            + body);
  }

  /** A session opened with {@link #open}, for tests that talk to one endpoint a while. */
  public static Session session(URI url, String capabilities) {
    return new Session(url, open(url, capabilities));
  }

  /** One session: its endpoint and id. */
  public record Session(URI url, String id) {
    /** POSTs {@code body} and returns the messages of its event stream as they arrive. */
    public java.util.Iterator<String> stream(String body) throws IOException {
      SseReader reader = new SseReader(McpWire.stream(post(url, id, body)).body());
      // Reads the next event only when asked: the caller often must answer a request before it
      // comes.
      return new java.util.Iterator<>() {
        private SseEvent next;
        private boolean fetched;

        private SseEvent advance() {
          try {
            for (SseEvent e = reader.next(); e != null; e = reader.next()) {
              if (e.hasData()) {
                return e;
              }
            }
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public boolean hasNext() {
          if (!fetched) {
            next = advance();
            fetched = true;
          }
          return next != null;
        }

        @Override
        public String next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          fetched = false;
          return next.dataAsString();
        }
      };
    }

    /** POSTs a notification or response; returns the HTTP status. */
    public int send(String body) {
      return McpWire.send(post(url, id, body)).statusCode();
    }
  }
}
