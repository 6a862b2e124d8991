package io.gatehouse.hosting.virtual;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sessions the composer holds with its sources, each opened on the first request that needs it
 * and kept under (caller, composer session, source): one caller's source session never serves
 * another caller. A source that answers 404 for its session (restarted, expired) gets a new one,
 * and the request is sent once more. The map is bounded; a session pushed out, or unknown to this
 * replica, is simply opened again on its next use.
 */
final class Sources {
  private static final Logger log = LoggerFactory.getLogger(Sources.class);

  static final String PROTOCOL = "2025-11-25";
  private static final int MAX_SESSIONS = 20_000;

  /** An open source session: its id, the protocol version and the capabilities it answered. */
  record Opened(String session, String protocol, JsonNode capabilities) {
    boolean has(String capability) {
      return capabilities.has(capability);
    }
  }

  private final SourceClient client;
  private final AtomicLong ids = new AtomicLong();

  /** A call in flight at a source, by (scope, the caller's request id): where to cancel it. */
  private record InFlight(VirtualSource source, Opened opened, JsonNode sourceId) {}

  private final Map<String, InFlight> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, FutureTask<Opened>> sessions =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FutureTask<Opened>> eldest) {
              return size() > MAX_SESSIONS;
            }
          });

  Sources(SourceClient client) {
    this.client = client;
  }

  /** Where one composer session's requests go: a caller, a session id, a virtual server. */
  record Scope(VirtualServer server, SourceAccess.Caller caller, String session) {
    String key(VirtualSource s) {
      return caller.id() + "\n" + server.route() + "\n" + session + "\n" + s.route();
    }
  }

  /** Sends {@code method} to {@code s} in {@code scope}'s session with it, opened if need be. */
  JsonNode request(Scope scope, VirtualSource s, String method, JsonNode params)
      throws SourceDown, InterruptedException {
    return request(scope, s, method, params, m -> {});
  }

  /**
   * The same, telling {@code notes} the notifications the source streams before answering; while it
   * waits, the caller's {@code callerId} (its request's id, or null) can {@link #cancel} it.
   */
  JsonNode request(
      Scope scope,
      VirtualSource s,
      String method,
      JsonNode params,
      java.util.function.Consumer<JsonNode> notes,
      JsonNode callerId)
      throws SourceDown, InterruptedException {
    Opened o = opened(scope, s);
    try {
      return send(scope, s, o, message(method, params), notes, callerId);
    } catch (SourceDown e) {
      if (!e.sessionGone()) {
        throw e;
      }
      forget(scope, s, o);
      return send(scope, s, opened(scope, s), message(method, params), notes, callerId);
    }
  }

  JsonNode request(
      Scope scope,
      VirtualSource s,
      String method,
      JsonNode params,
      java.util.function.Consumer<JsonNode> notes)
      throws SourceDown, InterruptedException {
    return request(scope, s, method, params, notes, null);
  }

  private JsonNode send(
      Scope scope,
      VirtualSource s,
      Opened o,
      ObjectNode m,
      java.util.function.Consumer<JsonNode> notes,
      JsonNode callerId)
      throws SourceDown, InterruptedException {
    String key = callerId == null ? null : scope.key(s) + "\n" + callerId;
    if (key != null) {
      inFlight.put(key, new InFlight(s, o, m.get("id")));
    }
    try {
      return client
          .request(
              s.route(),
              scope.caller().headers(s.route()),
              o.session(),
              o.protocol(),
              m,
              scope.server().timeout(),
              notes)
          .message();
    } finally {
      if (key != null) {
        inFlight.remove(key);
      }
    }
  }

  /**
   * The caller cancelled its request {@code callerId}: the source it went to is told so, with the
   * id it was sent with. A request no longer (or never) in flight here is left alone.
   */
  void cancel(Scope scope, JsonNode callerId, JsonNode reason) throws InterruptedException {
    for (VirtualSource s : scope.server().sources()) {
      InFlight f = inFlight.remove(scope.key(s) + "\n" + callerId);
      if (f == null) {
        continue;
      }
      ObjectNode note = SourceClient.JSON.createObjectNode().put("jsonrpc", "2.0");
      ObjectNode params = note.put("method", "notifications/cancelled").putObject("params");
      params.set("requestId", f.sourceId());
      if (reason != null && reason.isString()) {
        params.set("reason", reason);
      }
      try {
        client.notify(
            s.route(),
            scope.caller().headers(s.route()),
            f.opened().session(),
            f.opened().protocol(),
            note);
      } catch (SourceDown e) {
        // the source is gone: nothing runs there to cancel
      }
    }
  }

  /** The session with {@code s}, opening it (once, however many ask at the same time). */
  Opened opened(Scope scope, VirtualSource s) throws SourceDown, InterruptedException {
    String key = scope.key(s);
    FutureTask<Opened> task = new FutureTask<>(() -> open(scope, s));
    FutureTask<Opened> had = sessions.putIfAbsent(key, task);
    if (had == null) {
      task.run();
    } else {
      task = had;
    }
    try {
      return task.get();
    } catch (ExecutionException e) {
      sessions.remove(key, task); // the next use tries again
      if (e.getCause() instanceof SourceDown d) {
        throw d;
      }
      log.warn("virtual route: source '{}' failed to open", s.route(), e.getCause());
      throw new SourceDown("UNREACHABLE", "route '" + s.route() + "' could not be opened");
    }
  }

  private Opened open(Scope scope, VirtualSource s) throws SourceDown, InterruptedException {
    ObjectNode params = SourceClient.JSON.createObjectNode().put("protocolVersion", PROTOCOL);
    params.putObject("capabilities");
    params
        .putObject("clientInfo")
        .put("name", "gatehouse-virtual-" + scope.server().route())
        .put("version", "1");
    Map<String, String> headers = scope.caller().headers(s.route());
    SourceClient.Reply r =
        client.request(
            s.route(),
            headers,
            null,
            null,
            message("initialize", params),
            scope.server().timeout());
    JsonNode result = r.message().path("result");
    if (!result.path("protocolVersion").isString()) {
      throw refusal(s.route(), r.message(), "initialize");
    }
    String protocol = result.get("protocolVersion").stringValue();
    ObjectNode note = SourceClient.JSON.createObjectNode().put("jsonrpc", "2.0");
    note.put("method", "notifications/initialized");
    client.notify(s.route(), headers, r.session(), protocol, note);
    return new Opened(r.session(), protocol, result.path("capabilities"));
  }

  /**
   * Drops {@code scope}'s session {@code gone} with {@code s}, which the source no longer knows:
   * the next use opens a new one. A newer session someone opened meanwhile is kept.
   */
  void forget(Scope scope, VirtualSource s, Opened gone) {
    synchronized (sessions) {
      FutureTask<Opened> t = sessions.get(scope.key(s));
      if (t != null
          && t.state() == java.util.concurrent.Future.State.SUCCESS
          && t.resultNow().equals(gone)) {
        sessions.remove(scope.key(s));
      }
    }
  }

  /** Ends every source session of {@code scope} (its DELETE); returns how many there were. */
  int end(Scope scope) throws InterruptedException {
    int n = 0;
    for (VirtualSource s : scope.server().sources()) {
      FutureTask<Opened> t = sessions.remove(scope.key(s));
      if (t != null && t.isDone() && t.state() == java.util.concurrent.Future.State.SUCCESS) {
        Opened o = t.resultNow();
        client.delete(s.route(), scope.caller().headers(s.route()), o.session(), o.protocol());
        n++;
      }
    }
    return n;
  }

  /** The sessions {@code scope} has open, by source route. */
  List<Map.Entry<VirtualSource, Opened>> open(Scope scope) {
    List<Map.Entry<VirtualSource, Opened>> out = new ArrayList<>();
    for (VirtualSource s : scope.server().sources()) {
      FutureTask<Opened> t = sessions.get(scope.key(s));
      if (t != null && t.state() == java.util.concurrent.Future.State.SUCCESS) {
        out.add(Map.entry(s, t.resultNow()));
      }
    }
    return out;
  }

  SourceClient client() {
    return client;
  }

  /** A JSON-RPC error answer as a refusal keyed by its {@code data.key} (else its code). */
  static SourceDown refusal(String route, JsonNode answer, String what) {
    JsonNode e = answer.path("error");
    String key =
        e.path("data").path("key").isString()
            ? e.path("data").path("key").stringValue()
            : "RPC_" + e.path("code").asString("ERROR");
    return new SourceDown(
        key, "route '" + route + "' refused " + what + ": " + e.path("message").asString(""));
  }

  private ObjectNode message(String method, JsonNode params) {
    ObjectNode m = SourceClient.JSON.createObjectNode().put("jsonrpc", "2.0");
    m.put("id", "v-" + ids.incrementAndGet()).put("method", method);
    if (params != null && !params.isMissingNode() && !params.isNull()) {
      m.set("params", params);
    }
    return m;
  }
}
