package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP client session with one upstream, over Streamable HTTP or the legacy HTTP+SSE transport:
 * {@link #open} runs the handshake ({@code initialize}, {@code notifications/initialized}), {@link
 * #listTools} pages through {@code tools/list}, {@link #close} ends the session. Every failure is
 * an {@link McpFailure} keyed by a {@link Diagnosis}. The host is resolved through the {@link
 * Egress} rules before anything connects, and redirects are never followed.
 */
public final class McpClient implements AutoCloseable {
  static final String PROTOCOL_VERSION = "2025-11-25";
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final int MAX_PAGES = 100;
  private static final int MAX_ANSWER = 8 * 1024 * 1024;

  /** An answer of at most {@value #MAX_ANSWER} bytes; a longer one reads as cut off (not MCP). */
  private static final HttpResponse.BodyHandler<byte[]> BOUNDED =
      info ->
          HttpResponse.BodySubscribers.mapping(
              HttpResponse.BodySubscribers.ofInputStream(),
              in -> {
                try (in) {
                  return in.readNBytes(MAX_ANSWER);
                } catch (IOException e) {
                  return new byte[0];
                }
              });

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * How to reach the upstream.
   *
   * @param headers sent with every request (credentials rendered by the caller)
   * @param query added to every request's URL
   */
  public record Options(Duration timeout, Map<String, String> headers, Map<String, String> query) {
    public Options {
      headers = Map.copyOf(headers);
      query = Map.copyOf(query);
    }
  }

  private final Options options;
  private final UpstreamTransport used;
  private final URI endpoint;
  private final Legacy legacy;
  private String session;
  private String protocolVersion;
  private JsonNode serverInfo;
  private int nextId = 1;

  private McpClient(Options options, UpstreamTransport used, URI endpoint, Legacy legacy) {
    this.options = options;
    this.used = used;
    this.endpoint = endpoint;
    this.legacy = legacy;
  }

  /** Connects to {@code url} with {@code transport} ({@code auto} tries both) and initializes. */
  public static McpClient open(URI url, UpstreamTransport transport, Egress egress, Options o)
      throws McpFailure {
    try {
      egress.resolve(url.getHost());
    } catch (UnknownHostException e) {
      throw new McpFailure(Diagnosis.DNS_FAILED, url.getHost() + " does not resolve");
    } catch (GatehouseException e) {
      throw new McpFailure(Diagnosis.EGRESS_FORBIDDEN, e.getMessage());
    }
    return switch (transport) {
      case STREAMABLE_HTTP -> {
        try {
          yield streamable(url, o);
        } catch (NotThisTransport e) {
          yield wrong(url, o, UpstreamTransport.SSE, e);
        }
      }
      case SSE -> {
        try {
          yield sse(url, o);
        } catch (NotThisTransport e) {
          yield wrong(url, o, UpstreamTransport.STREAMABLE_HTTP, e);
        }
      }
      case AUTO -> {
        try {
          yield streamable(url, o);
        } catch (NotThisTransport first) {
          try {
            yield sse(url, o);
          } catch (NotThisTransport second) {
            throw notMcp(url, first.getMessage() + "; " + second.getMessage());
          }
        }
      }
    };
  }

  /** Whether the other transport works, to name it; else the URL is not an MCP endpoint. */
  private static McpClient wrong(URI url, Options o, UpstreamTransport other, NotThisTransport why)
      throws McpFailure {
    try (McpClient c = other == UpstreamTransport.SSE ? sse(url, o) : streamable(url, o)) {
      throw new McpFailure(
          Diagnosis.WRONG_TRANSPORT,
          url
              + " speaks "
              + other.configName()
              + ", not the transport the connection names ("
              + why.getMessage()
              + ")",
          Map.of("works", other.configName(), "protocolVersion", c.protocolVersion()));
    } catch (NotThisTransport neither) {
      throw notMcp(url, why.getMessage() + "; " + neither.getMessage());
    }
  }

  private static McpFailure notMcp(URI url, String what) {
    return new McpFailure(Diagnosis.NOT_MCP, url + " is not an MCP endpoint: " + what);
  }

  /** The transport is not spoken here (the status or answer says so): try another. */
  private static final class NotThisTransport extends Exception {
    NotThisTransport(String message) {
      super(message, null, false, false);
    }
  }

  private static McpClient streamable(URI url, Options o) throws McpFailure, NotThisTransport {
    McpClient c = new McpClient(o, UpstreamTransport.STREAMABLE_HTTP, url, null);
    HttpResponse<byte[]> r = c.post(c.initializeMessage(), true);
    int status = r.statusCode();
    if (status == 400 || status == 404 || status == 405) {
      throw new NotThisTransport("POST answered HTTP " + status);
    }
    JsonNode answer = c.answerIn(r, 1);
    c.session = r.headers().firstValue("Mcp-Session-Id").orElse(null);
    c.initialized(answer);
    return c;
  }

  private static McpClient sse(URI url, Options o) throws McpFailure, NotThisTransport {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(withQuery(url, o.query()))
            .timeout(o.timeout())
            .header("Accept", "text/event-stream")
            .GET();
    o.headers().forEach(b::header);
    HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream(), url);
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (r.statusCode() != 200 || !type.startsWith("text/event-stream")) {
      close(r.body());
      checkStatus(r.statusCode(), r.headers(), url);
      throw new NotThisTransport(
          "GET answered HTTP " + r.statusCode() + (type.isEmpty() ? "" : " " + type));
    }
    Legacy legacy = new Legacy(r.body());
    SseEvent first = legacy.next(o.timeout());
    if (first == null || !"endpoint".equals(first.event())) {
      legacy.close();
      throw new NotThisTransport("the event stream did not start with an endpoint event");
    }
    URI endpoint;
    try {
      endpoint = url.resolve(first.dataAsString().trim());
    } catch (IllegalArgumentException e) {
      legacy.close();
      throw notMcp(url, "the endpoint event does not hold a URL");
    }
    if (!sameOrigin(url, endpoint)) {
      // The connection's credential goes to every POST: never to an origin the upstream names.
      legacy.close();
      throw notMcp(url, "the endpoint event names another origin (" + endpoint.getHost() + ")");
    }
    McpClient c = new McpClient(o, UpstreamTransport.SSE, endpoint, legacy);
    try {
      c.post(c.initializeMessage(), false);
      c.initialized(c.legacyAnswer(1));
      return c;
    } catch (McpFailure e) {
      legacy.close();
      throw e;
    }
  }

  private ObjectNode initializeMessage() {
    ObjectNode params = JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "gatehouse").put("version", "1");
    return message("initialize", params);
  }

  private void initialized(JsonNode answer) throws McpFailure {
    JsonNode result = answer.path("result");
    if (!result.path("protocolVersion").isString()) {
      throw notMcp(endpoint, "the initialize result has no protocolVersion");
    }
    protocolVersion = result.get("protocolVersion").stringValue();
    serverInfo = result.path("serverInfo");
    ObjectNode note = JSON.createObjectNode().put("jsonrpc", "2.0");
    note.put("method", "notifications/initialized");
    post(note, false);
  }

  /** Every tool the upstream lists, page by page. */
  public List<JsonNode> listTools() throws McpFailure {
    List<JsonNode> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode params = JSON.createObjectNode();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      JsonNode result = request("tools/list", params).path("result");
      result.path("tools").forEach(tools::add);
      cursor = result.path("nextCursor").isString() ? result.get("nextCursor").stringValue() : null;
      if (cursor == null) {
        return tools;
      }
    }
    throw notMcp(endpoint, "tools/list returned more than " + MAX_PAGES + " pages");
  }

  /** Sends a request and waits for its response (a JSON-RPC error is a response too). */
  public JsonNode request(String method, ObjectNode params) throws McpFailure {
    ObjectNode m = message(method, params);
    int id = m.get("id").asInt();
    if (legacy != null) {
      post(m, false);
      return legacyAnswer(id);
    }
    try {
      return answerIn(post(m, false), id);
    } catch (NotThisTransport e) {
      throw notMcp(endpoint, method + ": " + e.getMessage());
    }
  }

  private ObjectNode message(String method, ObjectNode params) {
    ObjectNode m = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", nextId++);
    m.put("method", method).set("params", params);
    return m;
  }

  public UpstreamTransport transport() {
    return used;
  }

  public String protocolVersion() {
    return protocolVersion;
  }

  /** The {@code serverInfo} of the initialize result (name, version, ...). */
  public JsonNode serverInfo() {
    return serverInfo;
  }

  private HttpResponse<byte[]> post(ObjectNode message, boolean first) throws McpFailure {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(withQuery(endpoint, options.query()))
            .timeout(options.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(message)));
    options.headers().forEach(b::header);
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    if (!first && protocolVersion != null) {
      b.header("MCP-Protocol-Version", protocolVersion);
    }
    HttpResponse<byte[]> r = send(b.build(), BOUNDED, endpoint);
    if (!(first && (r.statusCode() == 400 || r.statusCode() == 404 || r.statusCode() == 405))) {
      checkStatus(r.statusCode(), r.headers(), endpoint);
    }
    return r;
  }

  /** Refuses the statuses that say what is wrong whatever the transport. */
  private static void checkStatus(int status, java.net.http.HttpHeaders h, URI url)
      throws McpFailure {
    switch (status) {
      case 401 -> {
        Map<String, String> facts = new LinkedHashMap<>();
        h.firstValue("WWW-Authenticate").ifPresent(v -> facts.put("wwwAuthenticate", v));
        throw new McpFailure(
            Diagnosis.UNAUTHORIZED,
            url
                + " answered 401"
                + (facts.isEmpty() ? "" : ": WWW-Authenticate: " + facts.get("wwwAuthenticate")),
            facts);
      }
      case 403 -> throw new McpFailure(Diagnosis.FORBIDDEN, url + " answered 403");
      case 429 -> {
        Map<String, String> facts = new LinkedHashMap<>();
        h.firstValue("Retry-After").ifPresent(v -> facts.put("retryAfter", v));
        throw new McpFailure(Diagnosis.RATE_LIMITED, url + " answered 429", facts);
      }
      default -> {
        if (status >= 500) {
          throw new McpFailure(Diagnosis.UPSTREAM_ERROR, url + " answered HTTP " + status);
        }
      }
    }
  }

  private JsonNode answerIn(HttpResponse<byte[]> r, int id) throws McpFailure, NotThisTransport {
    if (r.statusCode() / 100 != 2) {
      throw new NotThisTransport("POST answered HTTP " + r.statusCode());
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    List<JsonNode> messages = new ArrayList<>();
    try {
      if (type.startsWith("text/event-stream")) {
        SseReader reader = new SseReader(new ByteArrayInputStream(r.body()));
        for (SseEvent e = reader.next(); e != null; e = reader.next()) {
          if (e.hasData()) {
            messages.add(JSON.readTree(e.dataAsString()));
          }
        }
      } else if (type.startsWith("application/json")) {
        messages.add(JSON.readTree(r.body()));
      } else {
        throw new NotThisTransport(
            "POST answered " + (type.isEmpty() ? "no content type" : type) + ", not JSON-RPC");
      }
    } catch (IOException | RuntimeException e) {
      throw new NotThisTransport("the answer is not JSON-RPC");
    }
    for (JsonNode m : messages) {
      if (m.path("id").asInt(-1) == id && (m.has("result") || m.has("error"))) {
        return m;
      }
    }
    throw new NotThisTransport("no JSON-RPC response in the answer");
  }

  private JsonNode legacyAnswer(int id) throws McpFailure {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (true) {
      SseEvent e = legacy.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (e == null) {
        throw new McpFailure(
            Diagnosis.TIMEOUT, endpoint + " sent no answer on the event stream in time");
      }
      if (e.hasData()) {
        JsonNode m;
        try {
          m = JSON.readTree(e.dataAsString());
        } catch (RuntimeException bad) {
          throw notMcp(endpoint, "an event on the stream is not JSON-RPC");
        }
        if (m.path("id").asInt(-1) == id && (m.has("result") || m.has("error"))) {
          return m;
        }
      }
    }
  }

  private static <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> h, URI url)
      throws McpFailure {
    try {
      return HTTP.send(r, h);
    } catch (HttpTimeoutException e) {
      throw new McpFailure(Diagnosis.TIMEOUT, url + " did not answer in time");
    } catch (ConnectException e) {
      throw new McpFailure(
          Diagnosis.CONNECTION_REFUSED,
          url.getHost() + ":" + port(url) + " refused the connection");
    } catch (IOException e) {
      if (causedBy(e, SSLException.class)) {
        throw new McpFailure(Diagnosis.TLS_FAILED, url + ": the TLS handshake failed");
      }
      throw notMcp(url, "the connection closed before an answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpFailure(Diagnosis.TIMEOUT, "interrupted");
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI url) {
    return url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  static URI withQuery(URI url, Map<String, String> query) {
    if (query.isEmpty()) {
      return url;
    }
    StringBuilder s = new StringBuilder(url.toString());
    boolean has = url.getRawQuery() != null;
    for (Map.Entry<String, String> e : query.entrySet()) {
      s.append(has ? '&' : '?');
      has = true;
      s.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return URI.create(s.toString());
  }

  /** Ends the session: DELETE for Streamable HTTP, closing the stream for SSE. */
  @Override
  public void close() {
    if (legacy != null) {
      legacy.close();
      return;
    }
    if (session == null) {
      return;
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(withQuery(endpoint, options.query()))
            .timeout(options.timeout())
            .header("Mcp-Session-Id", session)
            .DELETE();
    options.headers().forEach(b::header);
    try {
      HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the session expires on its own
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** A legacy event stream, read on a virtual thread into a queue. */
  private static final class Legacy {
    private static final SseEvent END = new SseEvent(null, "end", new byte[0], -1);
    private final InputStream in;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();

    Legacy(InputStream in) {
      this.in = in;
      Thread.ofVirtual()
          .name("mcp-client-sse")
          .start(
              () -> {
                try {
                  SseReader reader = new SseReader(in);
                  for (SseEvent e = reader.next(); e != null; e = reader.next()) {
                    events.add(e);
                  }
                } catch (IOException e) {
                  // closed
                } finally {
                  events.add(END);
                }
              });
    }

    /** The next event, or null when the stream ended or {@code wait} passed. */
    SseEvent next(Duration wait) {
      try {
        SseEvent e = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (e == END) {
          events.add(END);
          return null;
        }
        return e;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    void close() {
      McpClient.close(in);
    }
  }
}
