package io.gatehouse.hosting.virtual;

import io.gatehouse.cluster.Peers;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP server of every virtual route, at {@code /_virtual/{route}/mcp} (Streamable HTTP, JSON
 * answers): {@code initialize} opens nothing yet, the lists fan out to every source and merge,
 * {@code tools/call} and {@code prompts/get} go to the source their prefix names, {@code
 * resources/read} to the source that listed the URI, GET relays the sources' {@code list_changed}
 * and DELETE ends every source session. Requests without the process's key are refused 403.
 *
 * <p>A composer session's source sessions live in the replica that initialized it. With peers
 * ({@link Peers#forwards}), that replica's id begins the session's id ({@link Peers#name}) and a
 * request for a session of another replica is forwarded to that replica's peer port (decision 21),
 * where {@link #peerSide} serves it.
 */
final class Composer implements HttpService {
  static final List<String> VERSIONS =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SESSION = "Mcp-Session-Id";

  /**
   * What a request forwarded to the session's replica carries (the sealed caller included, which
   * every replica of the deployment opens), and what its answer carries back.
   */
  static final List<String> FORWARDED =
      List.of(
          SESSION,
          "MCP-Protocol-Version",
          "Content-Type",
          "Accept",
          "Last-Event-ID",
          SourceAccess.CALLER_HEADER);

  private final String prefix;
  private final String keyHeader;
  private final byte[] key;
  private final Function<String, VirtualServer> servers;
  private final SourceAccess access;
  private final Sources sources;
  private final Fanout fanout;
  private final Routing routing;
  private final ChangeStream changes;
  private final Peers peers;
  private final boolean fromPeers;

  Composer(
      String prefix,
      String keyHeader,
      byte[] key,
      Function<String, VirtualServer> servers,
      SourceAccess access,
      Sources sources,
      Peers peers) {
    this.prefix = prefix;
    this.keyHeader = keyHeader;
    this.key = key;
    this.servers = servers;
    this.access = access;
    this.sources = sources;
    this.fanout = new Fanout(sources);
    this.routing = new Routing(sources, fanout);
    this.changes = new ChangeStream(sources);
    this.peers = peers;
    this.fromPeers = false;
  }

  private Composer(Composer front) {
    this.prefix = front.prefix;
    this.keyHeader = front.keyHeader;
    this.key = front.key;
    this.servers = front.servers;
    this.access = front.access;
    this.sources = front.sources;
    this.fanout = front.fanout;
    this.routing = front.routing;
    this.changes = front.changes;
    this.peers = front.peers;
    this.fromPeers = true;
  }

  /**
   * The same composer (the same sessions) for the peer port: other replicas forward the requests of
   * this replica's sessions to it. The peer key is checked before it (by {@link Peers#guard})
   * instead of the process's key, which no other replica has; the caller must still open.
   */
  Composer peerSide() {
    return new Composer(this);
  }

  @Override
  public HttpResponse serve(HttpRequest request) throws Exception {
    String sent = request.header(keyHeader);
    if (!fromPeers
        && (sent == null || !MessageDigest.isEqual(key, sent.getBytes(StandardCharsets.UTF_8)))) {
      return Answers.problem(
          403, VirtualErrors.FORBIDDEN.key(), "this path serves the gateway only");
    }
    String session = request.header(SESSION);
    if (fromPeers && (session == null || !peers.self().equals(Peers.owner(session)))) {
      // the peer port continues sessions a replica forwards; it opens none
      return Answers.problem(
          404,
          VirtualErrors.SESSION_NOT_FOUND.key(),
          "the peer port serves only the virtual sessions this replica holds");
    }
    if (peers.isElsewhere(session)) {
      // DESIGN §5: the source sessions live on the replica the session's id names
      if (fromPeers) {
        return Answers.problem(
            404,
            VirtualErrors.SESSION_NOT_FOUND.key(),
            "this replica does not hold the virtual session");
      }
      return peers.forward(Peers.owner(session), request, FORWARDED);
    }
    List<String> segments = request.segments(prefix);
    VirtualServer server =
        segments != null && segments.size() == 2 && segments.get(1).equals("mcp")
            ? servers.apply(segments.get(0))
            : null;
    if (server == null) {
      return Answers.problem(404, "NOT_FOUND", "no virtual route at " + request.path());
    }
    SourceAccess.Caller caller =
        access.open(request.header(SourceAccess.CALLER_HEADER), server.route());
    if (caller == null) {
      return Answers.problem(
          403,
          VirtualErrors.FORBIDDEN.key(),
          "the caller of route '" + server.route() + "' did not open");
    }
    return switch (request.method()) {
      case "POST" -> post(request, server, caller, session);
      case "GET" ->
          session == null
              ? Answers.problem(400, "SESSION_REQUIRED", "GET needs Mcp-Session-Id")
              : changes.open(new Sources.Scope(server, caller, session));
      case "DELETE" -> {
        if (session != null) {
          Sources.Scope scope = new Sources.Scope(server, caller, session);
          changes.end(scope);
          try {
            sources.end(scope);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the source sessions expire on their own
          }
        }
        yield HttpResponse.empty(204);
      }
      default ->
          Answers.problem(405, "METHOD_NOT_ALLOWED", "POST, GET or DELETE")
              .header("Allow", "POST, GET, DELETE");
    };
  }

  private HttpResponse post(
      HttpRequest request, VirtualServer server, SourceAccess.Caller caller, String session)
      throws InterruptedException {
    JsonNode message;
    try {
      message = SourceClient.JSON.readTree(request.body());
    } catch (JacksonException e) {
      return Answers.error(400, null, -32700, "the body is not JSON");
    }
    if (message == null || !message.isObject()) {
      return Answers.error(400, null, -32600, "expected one JSON-RPC message");
    }
    JsonNode id = message.get("id");
    if (session != null && message.path("method").asString("").equals("notifications/cancelled")) {
      JsonNode params = message.path("params");
      sources.cancel(
          new Sources.Scope(server, caller, session),
          params.path("requestId"),
          params.get("reason"));
      return HttpResponse.empty(202);
    }
    if (id == null || !message.path("method").isString()) {
      return HttpResponse.empty(202); // notifications and responses: nothing to relay
    }
    String method = message.get("method").stringValue();
    if (method.equals("initialize")) {
      byte[] raw = new byte[18];
      RANDOM.nextBytes(raw);
      String local = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      // without peers, the id names no replica: any replica (this one after a restart too) opens
      // source sessions of its own on first use, as for a session pushed out of the map
      return Answers.result(id, initialize(server, message.path("params")))
          .header(SESSION, peers.forwards() ? peers.name(local) : local);
    }
    if (session == null) {
      return Answers.error(400, id, -32600, "Mcp-Session-Id is required after initialize");
    }
    Sources.Scope scope = new Sources.Scope(server, caller, session);
    Listing listing = Listing.of(method);
    if (listing != null) {
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      var entries = result.putArray(listing.field);
      fanout.list(scope, listing, (s, e) -> routing.learn(server, s, e)).forEach(entries::add);
      return Answers.result(id, result);
    }
    return switch (method) {
      case "ping" -> Answers.result(id, JsonNodeFactory.instance.objectNode());
      case "tools/call",
          "prompts/get",
          "resources/read",
          "resources/subscribe",
          "resources/unsubscribe",
          "completion/complete" ->
          routing.forward(scope, id, method, message.path("params"));
      case "logging/setLevel" -> Answers.result(id, JsonNodeFactory.instance.objectNode());
      default -> Answers.error(200, id, -32601, "method not found: " + method);
    };
  }

  private static ObjectNode initialize(VirtualServer server, JsonNode params) {
    String asked = params.path("protocolVersion").asString("");
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("protocolVersion", VERSIONS.contains(asked) ? asked : VERSIONS.getFirst());
    ObjectNode caps = r.putObject("capabilities");
    caps.putObject("tools").put("listChanged", true);
    caps.putObject("prompts").put("listChanged", true);
    caps.putObject("resources").put("listChanged", true).put("subscribe", false);
    caps.putObject("logging");
    caps.putObject("completions");
    r.putObject("serverInfo")
        .put("name", "gatehouse-virtual-" + server.route())
        .put("version", "1");
    return r;
  }
}
