package io.gatehouse.connect;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP client session with one upstream, over Streamable HTTP or the legacy HTTP+SSE transport:
 * {@link #open} runs the handshake ({@code initialize}, {@code notifications/initialized}), {@link
 * #listTools} pages through {@code tools/list}, {@link #callTool} calls one, {@link #close} ends
 * the session. Requests the server sends its client are answered by the {@link ServerRequests} of
 * the options; each request carries the credential of their {@link UpstreamAuthorization}, renewed
 * when the upstream refuses it. Every failure is an {@link McpFailure} keyed by a {@link
 * Diagnosis}. The host is resolved through the {@link Egress} rules before anything connects, and
 * redirects are never followed.
 */
public final class McpClient implements AutoCloseable {
  static final String PROTOCOL_VERSION = "2025-11-25";
  private static final int MAX_PAGES = 100;

  /**
   * How to reach the upstream.
   *
   * @param headers sent with every request (credentials rendered by the caller)
   * @param query added to every request's URL
   * @param authorization the credential of each request and its renewal, or null for none
   * @param serverRequests answers requests from the server (and opens the GET stream for them), or
   *     null to declare no client capabilities
   * @param tls TLS beyond the JDK's defaults, or null
   * @param proxy the HTTP proxy to go through, or null for none
   */
  public record Options(
      Duration timeout,
      Map<String, String> headers,
      Map<String, String> query,
      UpstreamAuthorization authorization,
      ServerRequests serverRequests,
      io.gatehouse.gateway.UpstreamTls tls,
      io.gatehouse.gateway.UpstreamProxy proxy) {
    public Options {
      headers = Map.copyOf(headers);
      query = Map.copyOf(query);
    }

    public Options(
        Duration timeout,
        Map<String, String> headers,
        Map<String, String> query,
        UpstreamAuthorization authorization,
        ServerRequests serverRequests) {
      this(timeout, headers, query, authorization, serverRequests, null, null);
    }

    public Options(Duration timeout, Map<String, String> headers, Map<String, String> query) {
      this(timeout, headers, query, null, null, null, null);
    }

    /** The same options with TLS beyond the JDK's defaults ({@code tls} may be null). */
    public Options withTls(io.gatehouse.gateway.UpstreamTls tls) {
      return new Options(timeout, headers, query, authorization, serverRequests, tls, proxy);
    }

    /** The same options through an HTTP proxy ({@code proxy} may be null). */
    public Options withProxy(io.gatehouse.gateway.UpstreamProxy proxy) {
      return new Options(timeout, headers, query, authorization, serverRequests, tls, proxy);
    }
  }

  private final Options options;
  private final UpstreamTransport used;
  private final URI endpoint;
  private final UpstreamHttp http;
  private final LegacySse legacy;
  private final Streamable streamable;
  private JsonNode serverInfo;
  private String protocolVersion;
  private int nextId = 1;

  private McpClient(Options options, UpstreamTransport used, URI endpoint, LegacySse legacy) {
    this.options = options;
    this.used = used;
    this.endpoint = endpoint;
    this.legacy = legacy;
    this.http = new UpstreamHttp(options);
    this.streamable =
        legacy == null ? new Streamable(http, endpoint, options, this::answerServer) : null;
  }

  /** Connects to {@code url} with {@code transport} ({@code auto} tries both) and initializes. */
  public static McpClient open(URI url, UpstreamTransport transport, Egress egress, Options o)
      throws McpFailure {
    UpstreamHttp.checkEgress(egress, url);
    o = o.withProxy(UpstreamHttp.checkedProxy(egress, o.proxy()));
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

  static McpFailure notMcp(URI url, String what) {
    return new McpFailure(Diagnosis.NOT_MCP, url + " is not an MCP endpoint: " + what);
  }

  private static McpClient streamable(URI url, Options o) throws McpFailure, NotThisTransport {
    McpClient c = new McpClient(o, UpstreamTransport.STREAMABLE_HTTP, url, null);
    ObjectNode init = c.initializeMessage();
    HttpResponse<InputStream> r =
        c.streamable.post(UpstreamHttp.JSON.writeValueAsBytes(init), true);
    int status = r.statusCode();
    if (status == 400 || status == 404 || status == 405) {
      UpstreamHttp.close(r.body());
      throw new NotThisTransport("POST answered HTTP " + status);
    }
    c.streamable.session = r.headers().firstValue("Mcp-Session-Id").orElse(null);
    JsonNode answer = c.streamable.answer(r, 1);
    c.initialized(answer);
    if (o.serverRequests() != null) {
      c.streamable.listen();
    }
    return c;
  }

  private static McpClient sse(URI url, Options o) throws McpFailure, NotThisTransport {
    LegacySse legacy = LegacySse.connect(url, o);
    McpClient c = new McpClient(o, UpstreamTransport.SSE, legacy.endpoint(), legacy);
    try {
      legacy.post(c.initializeMessage());
      c.initialized(legacy.answer(1, c::answerServer));
      return c;
    } catch (McpFailure e) {
      legacy.close();
      throw e;
    }
  }

  private ObjectNode initializeMessage() {
    ObjectNode params =
        UpstreamHttp.JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
    ServerRequests s = options.serverRequests();
    params.set("capabilities", s == null ? UpstreamHttp.JSON.createObjectNode() : s.capabilities());
    params.putObject("clientInfo").put("name", "gatehouse").put("version", "1");
    return message("initialize", params);
  }

  private void initialized(JsonNode answer) throws McpFailure {
    if (answer.has("error")) {
      throw refused("initialize", answer);
    }
    JsonNode result = answer.path("result");
    if (!result.path("protocolVersion").isString()) {
      throw notMcp(endpoint, "the initialize result has no protocolVersion");
    }
    if (streamable != null) {
      streamable.protocolVersion = result.get("protocolVersion").stringValue();
    }
    protocolVersion = result.get("protocolVersion").stringValue();
    serverInfo = result.path("serverInfo");
    ObjectNode note = UpstreamHttp.JSON.createObjectNode().put("jsonrpc", "2.0");
    note.put("method", "notifications/initialized");
    send(note);
  }

  /** Every tool the upstream lists, page by page. */
  public List<JsonNode> listTools() throws McpFailure {
    List<JsonNode> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode params = UpstreamHttp.JSON.createObjectNode();
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      JsonNode answer = request("tools/list", params);
      if (answer.has("error")) {
        throw refused("tools/list", answer);
      }
      JsonNode result = answer.path("result");
      result.path("tools").forEach(tools::add);
      cursor = result.path("nextCursor").isString() ? result.get("nextCursor").stringValue() : null;
      if (cursor == null) {
        return tools;
      }
    }
    throw notMcp(endpoint, "tools/list returned more than " + MAX_PAGES + " pages");
  }

  /**
   * Calls tool {@code name} and returns its result (which may say {@code isError: true}); a
   * JSON-RPC error is an {@link Diagnosis#UPSTREAM_ERROR}.
   */
  public JsonNode callTool(String name, JsonNode arguments) throws McpFailure {
    ObjectNode params = UpstreamHttp.JSON.createObjectNode().put("name", name);
    params.set("arguments", arguments == null ? UpstreamHttp.JSON.createObjectNode() : arguments);
    JsonNode answer = request("tools/call", params);
    if (answer.has("error")) {
      throw refused("tools/call " + name, answer);
    }
    return answer.path("result");
  }

  /**
   * A JSON-RPC error answer as an {@link Diagnosis#UPSTREAM_ERROR}, with its {@code code} and, when
   * the server (or a gateway in between) keyed it, {@code error.data.key} as {@code key}; a URL
   * elicitation error ({@code -32042}) also gives its first link as {@code elicitationUrl}.
   */
  private McpFailure refused(String what, JsonNode answer) {
    JsonNode e = answer.path("error");
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("code", e.path("code").asString(""));
    if (e.path("data").path("key").isString()) {
      facts.put("key", e.path("data").path("key").stringValue());
    }
    JsonNode url = e.path("data").path("elicitations").path(0).path("url");
    if (url.isString()) {
      facts.put("elicitationUrl", url.stringValue()); // a consent or approval link, for its user
    }
    return new McpFailure(
        Diagnosis.UPSTREAM_ERROR,
        endpoint + ": " + what + " failed: " + e.path("message").asString(""),
        facts);
  }

  /** Sends a request and waits for its response (a JSON-RPC error is a response too). */
  public JsonNode request(String method, ObjectNode params) throws McpFailure {
    ObjectNode m = message(method, params);
    int id = m.get("id").asInt();
    if (legacy != null) {
      legacy.post(m);
      return legacy.answer(id, this::answerServer);
    }
    try {
      return streamable.answer(streamable.post(UpstreamHttp.JSON.writeValueAsBytes(m), false), id);
    } catch (NotThisTransport e) {
      throw notMcp(endpoint, method + ": " + e.getMessage());
    }
  }

  /** Sends a notification or a response: the server answers 202 with no body. */
  private void send(ObjectNode message) throws McpFailure {
    if (legacy != null) {
      legacy.post(message);
      return;
    }
    UpstreamHttp.close(streamable.post(UpstreamHttp.JSON.writeValueAsBytes(message), false).body());
  }

  /** Answers a request the server sent on a stream, as {@link Options#serverRequests} says. */
  private void answerServer(JsonNode request) throws McpFailure {
    ObjectNode reply = UpstreamHttp.JSON.createObjectNode().put("jsonrpc", "2.0");
    reply.set("id", request.get("id"));
    ServerRequests s = options.serverRequests();
    String method = request.path("method").asString("");
    Optional<JsonNode> result =
        s == null ? Optional.empty() : s.answer(method, request.path("params"));
    if (result.isPresent()) {
      reply.set("result", result.get());
    } else {
      reply.putObject("error").put("code", -32601).put("message", "Method not found: " + method);
    }
    send(reply);
  }

  private synchronized ObjectNode message(String method, ObjectNode params) {
    ObjectNode m = UpstreamHttp.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", nextId++);
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

  /** Refuses the statuses that say what is wrong whatever the transport. */
  static void checkStatus(int status, java.net.http.HttpHeaders h, URI url) throws McpFailure {
    switch (status) {
      case 401, 403 -> {
        Map<String, String> facts = new LinkedHashMap<>();
        h.firstValue("WWW-Authenticate").ifPresent(v -> facts.put("wwwAuthenticate", v));
        throw new McpFailure(
            status == 401 ? Diagnosis.UNAUTHORIZED : Diagnosis.FORBIDDEN,
            url
                + " answered "
                + status
                + (facts.isEmpty() ? "" : ": WWW-Authenticate: " + facts.get("wwwAuthenticate")),
            facts);
      }
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

  /** Ends the session: DELETE for Streamable HTTP, closing the stream for SSE. */
  @Override
  public void close() {
    if (legacy != null) {
      legacy.close();
    } else {
      streamable.close();
    }
  }
}
