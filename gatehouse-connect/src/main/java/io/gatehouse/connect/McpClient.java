package io.gatehouse.connect;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.ModernProtocol;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP client of one upstream, over Streamable HTTP or the legacy HTTP+SSE transport, in either
 * protocol era: {@link #open} first asks in the modern era (2026-07-28: {@code server/discover},
 * stateless, every request carrying its {@code _meta} and {@code Mcp-*} headers) and, when the
 * server does not speak it, runs the legacy handshake ({@code initialize}, {@code
 * notifications/initialized}) of a session; {@link ProtocolEra} in the options can force either.
 * {@link #listTools} pages through {@code tools/list}, {@link #callTool} calls one, {@link #close}
 * ends the session. Requests the server sends its client, and the input a modern server asks for
 * ({@link InputRequests}), are answered by the {@link ServerRequests} of the options; each request
 * carries the credential of their {@link UpstreamAuthorization}, renewed when the upstream refuses
 * it. Every failure is an {@link McpFailure} keyed by a {@link Diagnosis}. The host is resolved
 * through the {@link Egress} rules before anything connects, and redirects are never followed.
 */
public final class McpClient implements AutoCloseable {
  static final String PROTOCOL_VERSION = "2025-11-25";
  static final String CLIENT_NAME = "gatehouse";
  static final String CLIENT_VERSION = "1";
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
   * @param era the protocol era to speak; null is {@link ProtocolEra#AUTO}
   */
  public record Options(
      Duration timeout,
      Map<String, String> headers,
      Map<String, String> query,
      UpstreamAuthorization authorization,
      ServerRequests serverRequests,
      io.gatehouse.gateway.UpstreamTls tls,
      io.gatehouse.gateway.UpstreamProxy proxy,
      ProtocolEra era) {
    public Options {
      headers = Map.copyOf(headers);
      query = Map.copyOf(query);
      era = era == null ? ProtocolEra.AUTO : era;
    }

    public Options(
        Duration timeout,
        Map<String, String> headers,
        Map<String, String> query,
        UpstreamAuthorization authorization,
        ServerRequests serverRequests,
        io.gatehouse.gateway.UpstreamTls tls,
        io.gatehouse.gateway.UpstreamProxy proxy) {
      this(timeout, headers, query, authorization, serverRequests, tls, proxy, null);
    }

    public Options(
        Duration timeout,
        Map<String, String> headers,
        Map<String, String> query,
        UpstreamAuthorization authorization,
        ServerRequests serverRequests) {
      this(timeout, headers, query, authorization, serverRequests, null, null, null);
    }

    public Options(Duration timeout, Map<String, String> headers, Map<String, String> query) {
      this(timeout, headers, query, null, null, null, null, null);
    }

    /** The same options with TLS beyond the JDK's defaults ({@code tls} may be null). */
    public Options withTls(io.gatehouse.gateway.UpstreamTls tls) {
      return new Options(timeout, headers, query, authorization, serverRequests, tls, proxy, era);
    }

    /** The same options through an HTTP proxy ({@code proxy} may be null). */
    public Options withProxy(io.gatehouse.gateway.UpstreamProxy proxy) {
      return new Options(timeout, headers, query, authorization, serverRequests, tls, proxy, era);
    }

    /** The same options speaking {@code era} ({@code null} is {@link ProtocolEra#AUTO}). */
    public Options withEra(ProtocolEra era) {
      return new Options(timeout, headers, query, authorization, serverRequests, tls, proxy, era);
    }
  }

  private final Options options;
  private final UpstreamTransport used;
  private final URI endpoint;
  private final UpstreamHttp http;
  private final LegacySse legacy;
  private final Streamable streamable;
  private final Map<String, JsonNode> inputSchemas = new ConcurrentHashMap<>();
  private volatile boolean modern;
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
    String verdict = EraMemory.key(url, o);
    boolean remembered =
        transport != UpstreamTransport.SSE
            && o.era() == ProtocolEra.AUTO
            && EraMemory.knownLegacy(verdict);
    McpClient modernClient =
        transport == UpstreamTransport.SSE
            ? legacyOnly(url, o)
            : remembered ? null : modernFirst(url, o, verdict);
    if (modernClient != null) {
      return modernClient;
    }
    McpClient legacyClient;
    try {
      legacyClient = legacy(url, transport, o);
    } catch (McpFailure f) {
      if (!remembered) {
        throw f;
      }
      // the remembered verdict may be wrong (the server was upgraded, or answers this client
      // otherwise): forget it and probe once
      EraMemory.forget(verdict);
      modernClient = modernFirst(url, o, verdict);
      if (modernClient != null) {
        return modernClient;
      }
      legacyClient = legacy(url, transport, o);
    }
    if (o.era() == ProtocolEra.AUTO) {
      EraMemory.legacy(verdict); // only now: the legacy handshake worked where the probe did not
    }
    return legacyClient;
  }

  private static McpClient legacy(URI url, UpstreamTransport transport, Options o)
      throws McpFailure {
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

  /**
   * A client of the modern era when the upstream speaks it; null to go on with the legacy
   * handshake. {@link ProtocolEra#MODERN} refuses instead.
   */
  private static McpClient modernFirst(URI url, Options o, String verdict) throws McpFailure {
    if (o.era() == ProtocolEra.LEGACY) {
      return null;
    }
    try {
      McpClient c = modern(url, o);
      EraMemory.forget(verdict);
      return c;
    } catch (NotModern e) {
      if (o.era() == ProtocolEra.MODERN) {
        throw unsupported(url, e.getMessage());
      }
      return null;
    }
  }

  /** The legacy HTTP+SSE transport has no modern era: a connection forcing one is refused. */
  private static McpClient legacyOnly(URI url, Options o) throws McpFailure {
    if (o.era() == ProtocolEra.MODERN) {
      throw unsupported(url, "the sse transport speaks only the legacy era");
    }
    return null;
  }

  private static McpFailure unsupported(URI url, String why) {
    return new McpFailure(
        Diagnosis.PROTOCOL_UNSUPPORTED,
        url + " does not speak MCP " + ModernProtocol.VERSION + ": " + why,
        Map.of("protocol", ModernProtocol.VERSION));
  }

  /** The server does not speak the modern era: its answer to {@code server/discover} says so. */
  static final class NotModern extends Exception {
    NotModern(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * 2026-07-28 era detection (transports): a modern request first, {@code server/discover}. A
   * result listing our version, or a modern error ({@code -32020}..{@code -32022}) keeps the modern
   * era, where an unsupported version (-32022) is asked once more with one the server lists; any
   * other answer means a legacy server.
   */
  private static McpClient modern(URI url, Options o) throws McpFailure, NotModern {
    McpClient c = new McpClient(o, UpstreamTransport.STREAMABLE_HTTP, url, null);
    c.modern = true;
    String version = ModernProtocol.VERSION;
    for (int attempt = 0; ; attempt++) {
      c.streamable.protocolVersion = version;
      ObjectNode params = ModernWire.withMeta(null, version, c.capabilities());
      ObjectNode m = c.message(ModernProtocol.DISCOVER, params);
      HttpResponse<InputStream> r =
          c.streamable.post(
              UpstreamHttp.JSON.writeValueAsBytes(m),
              ModernWire.headers(ModernProtocol.DISCOVER, params, null),
              true);
      JsonNode answer = c.anyAnswer(r, m.get("id").asInt());
      if (answer == null) {
        throw new NotModern("server/discover answered HTTP " + r.statusCode());
      }
      JsonNode listed =
          answer.has("result")
              ? answer.path("result").path("supportedVersions")
              : answer.path("error").path("data").path("supported");
      if (answer.has("result") && contains(listed, version)) {
        c.discovered(answer.get("result"), version);
        return c;
      }
      int code = answer.path("error").path("code").asInt(0);
      String other = modernVersion(listed);
      if ((answer.has("result")
              || code == io.gatehouse.protocol.JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION)
          && other != null
          && attempt == 0) {
        version = other;
        continue;
      }
      if (answer.has("result")
          || code == io.gatehouse.protocol.JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION) {
        throw new NotModern("it speaks " + listed);
      }
      if (ModernProtocol.isModernError(code)) {
        throw c.refused(ModernProtocol.DISCOVER, answer);
      }
      throw new NotModern(
          "server/discover answered HTTP "
              + r.statusCode()
              + ": "
              + answer.path("error").path("message").asString(""));
    }
  }

  private static boolean contains(JsonNode versions, String version) {
    for (JsonNode v : versions) {
      if (version.equals(v.asString(""))) {
        return true;
      }
    }
    return false;
  }

  private static String modernVersion(JsonNode versions) {
    for (JsonNode v : versions) {
      if (ModernProtocol.VERSIONS.contains(v.asString(""))) {
        return v.asString();
      }
    }
    return null;
  }

  /** The discover result: the version spoken and who the server is. */
  private void discovered(JsonNode result, String version) {
    protocolVersion = version;
    JsonNode info = result.path("_meta").path(ModernProtocol.META_SERVER_INFO);
    serverInfo = info.isObject() ? info : result.path("serverInfo");
  }

  /**
   * The JSON-RPC response to request {@code id} in any answer: a 2xx JSON or event stream, or the
   * JSON-RPC error body of a 4xx or 5xx; null when there is none.
   */
  private JsonNode anyAnswer(HttpResponse<InputStream> r, int id) throws McpFailure {
    if (r.statusCode() / 100 == 2) {
      try {
        return streamable.answer(r, id);
      } catch (NotThisTransport e) {
        return null;
      }
    }
    JsonNode body = http.readJson(r.body(), endpoint);
    return body != null && body.path("error").isObject() ? body : null;
  }

  private ObjectNode capabilities() {
    ServerRequests s = options.serverRequests();
    return s == null ? UpstreamHttp.JSON.createObjectNode() : s.capabilities();
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
    // safe to repeat: one lost before any answer leaves at most a session no one uses, which the
    // server expires
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
    params.set("capabilities", capabilities());
    params.putObject("clientInfo").put("name", CLIENT_NAME).put("version", CLIENT_VERSION);
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
      for (JsonNode tool : result.path("tools")) {
        if (modern && ModernWire.invalidHeaders(tool) != null) {
          continue; // SEP-2243: a tool whose x-mcp-header is invalid MUST be left out
        }
        inputSchemas.put(tool.path("name").asString(""), tool.path("inputSchema"));
        tools.add(tool);
      }
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

  /**
   * Sends a request and waits for its response (a JSON-RPC error is a response too); a result
   * asking for input is answered and the request sent again ({@link InputRequests}).
   */
  public JsonNode request(String method, ObjectNode params) throws McpFailure {
    ObjectNode original = params == null ? UpstreamHttp.JSON.createObjectNode() : params;
    ObjectNode p = original;
    for (int round = 0; ; round++) {
      JsonNode answer = modern ? modernRequest(method, p) : legacyRequest(method, p);
      if (!InputRequests.asked(answer)) {
        return answer;
      }
      if (round >= InputRequests.MAX_ROUNDS) {
        throw InputRequests.tooMany(endpoint, method);
      }
      p =
          InputRequests.retry(
              original, answer.get("result"), options.serverRequests(), endpoint, method);
    }
  }

  /**
   * A request of the modern era: its {@code _meta} and headers added; a 4xx with a JSON-RPC error
   * is that error.
   */
  private JsonNode modernRequest(String method, ObjectNode params) throws McpFailure {
    ObjectNode p = ModernWire.withMeta(params, protocolVersion, capabilities());
    ObjectNode m = message(method, p);
    JsonNode schema =
        "tools/call".equals(method) ? inputSchemas.get(p.path("name").asString("")) : null;
    HttpResponse<InputStream> r =
        streamable.post(
            UpstreamHttp.JSON.writeValueAsBytes(m),
            ModernWire.headers(method, p, schema),
            ModernWire.safe(method));
    JsonNode answer = anyAnswer(r, m.get("id").asInt());
    if (answer != null) {
      return answer;
    }
    checkStatus(r.statusCode(), r.headers(), endpoint);
    throw notMcp(endpoint, method + ": answered HTTP " + r.statusCode() + " without a response");
  }

  private JsonNode legacyRequest(String method, ObjectNode params) throws McpFailure {
    ObjectNode m = message(method, params);
    int id = m.get("id").asInt();
    if (legacy != null) {
      legacy.post(m);
      return legacy.answer(id, this::answerServer);
    }
    try {
      return streamable.answer(
          streamable.post(UpstreamHttp.JSON.writeValueAsBytes(m), ModernWire.safe(method)), id);
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
    // a notification or an answer sent twice changes nothing (the server drops what it knows)
    UpstreamHttp.close(streamable.post(UpstreamHttp.JSON.writeValueAsBytes(message), true).body());
  }

  /** Answers a request the server sent on a stream, as {@link Options#serverRequests} says. */
  private void answerServer(JsonNode request) throws McpFailure {
    if (modern) {
      return; // 2026-07-28: servers send no requests; input is asked for in a result (MRTR)
    }
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
