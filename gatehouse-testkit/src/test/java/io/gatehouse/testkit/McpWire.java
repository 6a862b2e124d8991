package io.gatehouse.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare Streamable HTTP client for tests that must see the wire: which stream carries which message. */
final class McpWire {

  static final String PROTOCOL_VERSION = "2025-11-25";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final URI url;
  private String sessionId;

  McpWire(URI url) {
    this.url = url;
  }

  /** Initializes a session that declares the sampling and elicitation client capabilities. */
  void initialize() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(post(json(Map.of("jsonrpc", "2.0", "id", 0,
        "method", "initialize", "params", Map.of("protocolVersion", PROTOCOL_VERSION,
            "capabilities", Map.of("sampling", Map.of(), "elicitation", Map.of()),
            "clientInfo", Map.of("name", "gatehouse-wire-test", "version", "1"))))),
        HttpResponse.BodyHandlers.ofString());
    sessionId = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
    send(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
  }

  /** Posts a request and returns the JSON messages of its SSE response stream as they arrive. */
  Iterator<JsonNode> stream(Map<String, Object> request) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> response = http.send(post(json(request)), HttpResponse.BodyHandlers.ofLines());
    return response.body()
        .filter(line -> line.startsWith("data:"))
        .map(line -> JSON.readTree(line.substring("data:".length()).trim()))
        .iterator();
  }

  /** Posts a notification or a response; returns the HTTP status. */
  int send(Map<String, Object> message) throws IOException, InterruptedException {
    return http.send(post(json(message)), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static Map<String, Object> toolCall(int id, String tool, Map<String, Object> arguments) {
    return Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
        "params", Map.of("name", tool, "arguments", arguments));
  }

  /** Sends an initialize POST with the given Host and Origin over a raw socket; returns the HTTP status. */
  static int initializeWithHost(URI url, String host, String origin) throws IOException {
    String body = json(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params",
        Map.of("protocolVersion", PROTOCOL_VERSION, "capabilities", Map.of(),
            "clientInfo", Map.of("name", "gatehouse-host-test", "version", "1"))));
    String request = "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
        + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
        + "Content-Length: " + body.getBytes(UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(UTF_8));
      out.flush();
      return Integer.parseInt(statusLine(socket.getInputStream()).split(" ")[1]);
    }
  }

  private HttpRequest post(String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) {
      request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", PROTOCOL_VERSION);
    }
    return request.build();
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString().trim();
  }

  private static String json(Object value) {
    return JSON.writeValueAsString(value);
  }
}
