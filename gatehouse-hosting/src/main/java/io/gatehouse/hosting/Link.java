package io.gatehouse.hosting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC over one child process, for one or many bridge sessions: each request leaves with an id
 * of the link's own (and a progress token of its own), and its answer and progress go back to the
 * waiting request with the client's id and token restored. Everything else the server sends goes to
 * {@code unsolicited}, with the request it most likely belongs to (the latest in flight), or null.
 * When the process ends unasked, every waiting request is answered {@code UPSTREAM_CRASHED}.
 */
final class Link {
  static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOKEN_PREFIX = "gatehouse-";

  /** A request in flight: whose it is, its client id and token, and where its stream goes. */
  record Waiter(
      Session session, JsonNode clientId, JsonNode clientToken, BlockingQueue<Outbound> out) {}

  private final String route;
  private final ConcurrentSkipListMap<Long, Waiter> pending = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final long startedAt = System.nanoTime();
  private volatile Child child;
  private volatile boolean ended;
  private volatile long lastRequest = System.nanoTime();
  private BiConsumer<ObjectNode, Waiter> unsolicited = (m, w) -> {};
  private Runnable onCrash = () -> {};

  Link(String route) {
    this.route = route;
  }

  /** Where the server's own messages go, and what a crash does; set before the child starts. */
  void handlers(BiConsumer<ObjectNode, Waiter> unsolicited, Runnable onCrash) {
    this.unsolicited = unsolicited;
    this.onCrash = onCrash;
  }

  void attach(Child c) {
    this.child = c;
  }

  Child child() {
    return child;
  }

  boolean isEnded() {
    return ended;
  }

  boolean isIdle(Duration idle) {
    return pending.isEmpty() && System.nanoTime() - lastRequest > idle.toNanos();
  }

  Duration age() {
    return Duration.ofNanos(System.nanoTime() - startedAt);
  }

  /** Sends a request of {@code session}; its answer (and progress) arrive on the waiter's queue. */
  Waiter call(Session session, ObjectNode request) {
    lastRequest = System.nanoTime();
    long id = ids.incrementAndGet();
    ObjectNode copy = request.deepCopy();
    JsonNode clientToken = null;
    if (copy.path("params").path("_meta").path("progressToken") instanceof JsonNode t
        && !t.isMissingNode()) {
      clientToken = t;
      ((ObjectNode) copy.get("params").get("_meta")).put("progressToken", TOKEN_PREFIX + id);
    }
    copy.put("id", id);
    Waiter w = new Waiter(session, request.get("id"), clientToken, new LinkedBlockingQueue<>());
    pending.put(id, w);
    if (ended) {
      crashed(id, w);
    } else {
      try {
        send(copy);
      } catch (IOException e) {
        crashed(id, w);
      }
    }
    return w;
  }

  /**
   * Waits for the answer of {@code w} (messages before it, such as a log line during {@code
   * initialize}, are dropped); null when none came within {@code timeout}.
   */
  static Outbound answer(Waiter w, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Outbound o = left <= 0 ? null : w.out().poll(left, TimeUnit.NANOSECONDS);
      if (o == null || o.last()) {
        return o;
      }
    }
  }

  /** A client's answer or notification, passed on (a cancellation's request id mapped to ours). */
  void send(Session session, ObjectNode message) throws IOException {
    lastRequest = System.nanoTime();
    if ("notifications/cancelled".equals(message.path("method").asString(""))) {
      JsonNode requestId = message.path("params").path("requestId");
      Long ours = ourId(session, requestId);
      if (ours == null) {
        return; // already answered, or not ours
      }
      ObjectNode copy = message.deepCopy();
      ((ObjectNode) copy.get("params")).put("requestId", ours);
      send(copy);
      return;
    }
    send(message);
  }

  /** Forgets a request whose client went away; its answer, if it comes, is dropped. */
  void abandon(Session session, JsonNode clientId) {
    Long ours = ourId(session, clientId);
    if (ours != null) {
      pending.remove(ours);
    }
  }

  /** Answers every request of {@code session} still waiting: the session ended. */
  void endSession(Session session) {
    pending.forEach(
        (id, w) -> {
          if (w.session() == session && pending.remove(id) != null) {
            w.out()
                .add(
                    new Outbound(
                        Rpc.error(
                            w.clientId(),
                            HostingErrors.SESSION_NOT_FOUND,
                            "route '" + route + "': the session ended before the answer came"),
                        true));
          }
        });
  }

  private Long ourId(Session session, JsonNode clientId) {
    for (Map.Entry<Long, Waiter> e : pending.entrySet()) {
      if (e.getValue().session() == session && e.getValue().clientId().equals(clientId)) {
        return e.getKey();
      }
    }
    return null;
  }

  void send(ObjectNode message) throws IOException {
    Child c = child;
    if (c == null) {
      throw new IOException("not started");
    }
    c.send(JSON.writeValueAsBytes(message));
  }

  /** A line from the process's stdout. */
  void received(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON: " + abbreviate(line));
    }
    if (!(n instanceof ObjectNode m)) {
      throw new IllegalArgumentException("not a JSON-RPC message: " + abbreviate(line));
    }
    if (!m.has("method") && m.has("id")) {
      answered(m);
      return;
    }
    if ("notifications/progress".equals(m.path("method").asString(""))) {
      String token = m.path("params").path("progressToken").asString("");
      if (token.startsWith(TOKEN_PREFIX)) {
        Waiter w = pending.get(parseLong(token.substring(TOKEN_PREFIX.length())));
        if (w != null) {
          ((ObjectNode) m.get("params")).set("progressToken", w.clientToken());
          w.out().add(new Outbound(JSON.writeValueAsBytes(m), false));
        }
        return;
      }
    }
    Map.Entry<Long, Waiter> latest = pending.lastEntry();
    unsolicited.accept(m, latest == null ? null : latest.getValue());
  }

  private void answered(ObjectNode m) {
    long id = m.path("id").asLong(-1);
    Waiter w = pending.remove(id);
    if (w == null) {
      return; // abandoned, or not ours
    }
    m.set("id", w.clientId());
    w.out().add(new Outbound(JSON.writeValueAsBytes(m), true));
  }

  /** The process ended: {@code stopped} when we stopped it. */
  void ended(boolean stopped) {
    ended = true;
    pending.forEach(this::crashed);
    if (!stopped) {
      onCrash.run();
    }
  }

  private void crashed(long id, Waiter w) {
    if (pending.remove(id) != null) {
      w.out()
          .add(
              new Outbound(
                  Rpc.error(
                      w.clientId(),
                      HostingErrors.UPSTREAM_CRASHED,
                      "route '" + route + "': the stdio server exited before answering"),
                  true));
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
