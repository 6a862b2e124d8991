package io.gatehouse.selfmcp;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * {@code gatehouse mcp}: an MCP server on stdin/stdout (MCP 2025-11-25, "stdio": one JSON-RPC
 * message per line, nothing else on stdout) that relays each message to Gatehouse's own server at
 * {@code /mcp/gatehouse} over Streamable HTTP with the caller's token, for IDEs that start local
 * servers. Requests run concurrently, so a slow tool does not hold up the others; answers, and any
 * messages an event stream carries, are written back whole, one per line. Diagnostics go to stderr.
 * A session the server no longer knows (a restart past its expiry) is opened again once, with the
 * client's own {@code initialize}.
 */
public final class StdioRelay {
  private static final String SESSION = "Mcp-Session-Id";

  private final URI endpoint;
  private final String token;
  private final InputStream in;
  private final OutputStream out;
  private final PrintStream log;
  private final HttpClient http;
  private volatile String session;
  private volatile String protocolVersion;
  private volatile byte[] initialize;
  private final Answers answers;

  /**
   * @param endpoint the self server's URL, {@code <gatehouse>/mcp/gatehouse}
   * @param token an API key or bearer token; sent only to {@code endpoint}
   * @param log where diagnostics go (stderr)
   */
  public StdioRelay(URI endpoint, String token, InputStream in, OutputStream out, PrintStream log) {
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.token = requireNonNull(token, "token");
    this.in = requireNonNull(in, "in");
    this.out = requireNonNull(out, "out");
    this.log = requireNonNull(log, "log");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.answers = new Answers(this::write, log, v -> protocolVersion = v);
  }

  /** The URL of the self server on a Gatehouse reached at {@code base}. */
  public static URI endpointOf(URI base) {
    return URI.create(base.toString().replaceAll("/+$", "") + "/mcp/" + SelfServer.ROUTE);
  }

  /** Relays until stdin ends, then ends the session; returns the exit code. */
  public int run() throws InterruptedException {
    log.println("gatehouse mcp: relaying stdio to " + endpoint);
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode m = Json.parse(line.getBytes(StandardCharsets.UTF_8));
        if (m == null || !m.isObject()) {
          write(
              Answers.rpcError(
                  null, -32700, "not a JSON-RPC message: " + abbreviate(line), null, null));
          continue;
        }
        byte[] body = line.getBytes(StandardCharsets.UTF_8);
        if ("initialize".equals(m.path("method").asString(""))) {
          initialize = body;
          relay(m, body, false); // before anything else, so the session id is known
        } else {
          calls.submit(() -> relay(m, body, true));
        }
      }
    } catch (IOException e) {
      log.println("gatehouse mcp: reading stdin failed: " + e.getMessage());
      return 1;
    }
    close();
    return 0;
  }

  private void relay(JsonNode m, byte[] body, boolean mayReopen) {
    JsonNode id = m.get("id");
    try {
      HttpResponse<InputStream> r = post(body);
      if (r.statusCode() == 404 && mayReopen && session != null && reopen()) {
        r = post(body);
      }
      answers.answer(id, r);
    } catch (IOException e) {
      log.println("gatehouse mcp: " + endpoint + " did not answer: " + e.getMessage());
      if (id != null) {
        write(
            Answers.rpcError(
                id, -32000, "Gatehouse did not answer: " + e.getMessage(), null, null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Opens a new session with the client's own initialize; true once it is open. */
  private synchronized boolean reopen() throws IOException, InterruptedException {
    byte[] init = initialize;
    if (init == null) {
      return false;
    }
    session = null;
    HttpResponse<InputStream> r = post(init);
    r.body().close();
    if (r.statusCode() != 200 || session == null) {
      return false;
    }
    post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
            .getBytes(StandardCharsets.UTF_8))
        .body()
        .close();
    log.println("gatehouse mcp: the session had ended; opened a new one");
    return true;
  }

  private HttpResponse<InputStream> post(byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    String s = session;
    if (s != null) {
      b.header(SESSION, s);
    }
    String v = protocolVersion;
    if (v != null) {
      b.header("MCP-Protocol-Version", v);
    }
    HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    r.headers().firstValue(SESSION).ifPresent(id -> session = id);
    return r;
  }

  private void write(JsonNode message) {
    byte[] line = Json.MAPPER.writeValueAsBytes(message); // compact: never a line break inside
    synchronized (out) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        log.println("gatehouse mcp: writing stdout failed: " + e.getMessage());
      }
    }
  }

  /** Ends the session (DELETE), so the server forgets it at once. */
  private void close() {
    String s = session;
    if (s == null) {
      return;
    }
    try {
      http.send(
          HttpRequest.newBuilder(endpoint)
              .header(SESSION, s)
              .header("Authorization", "Bearer " + token)
              .timeout(Duration.ofSeconds(5))
              .DELETE()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      log.println("gatehouse mcp: ending the session failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
