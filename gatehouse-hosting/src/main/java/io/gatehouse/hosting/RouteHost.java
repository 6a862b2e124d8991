package io.gatehouse.hosting;

import io.gatehouse.cluster.Peers;
import io.gatehouse.core.GatehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One hosted route: its bridge sessions and their processes (one each, or one shared per principal
 * or by everyone), started on demand and stopped when idle, ended, or Gatehouse stops.
 */
final class RouteHost {
  private static final Logger log = LoggerFactory.getLogger(RouteHost.class);
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  static final Duration GRACE = Duration.ofSeconds(2);

  /** A new session and the process's answer to {@code initialize}; no session when it failed. */
  record Opened(Session session, byte[] answer) {}

  final String name;
  final String project;
  final StdioServer spec;
  private final EnvValues values;
  private final Path dataDir;
  private final Peers peers;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Semaphore processes;

  private final SharedPools pools;

  private volatile boolean closed;
  private Path cwd;

  RouteHost(
      String name, String project, StdioServer spec, EnvValues values, Path dataDir, Peers peers) {
    this.name = name;
    this.project = project;
    this.spec = spec;
    this.values = values;
    this.dataDir = dataDir;
    this.peers = peers;
    this.processes = new Semaphore(spec.maxProcesses());
    this.pools = new SharedPools(name, spec.maxProcesses(), this::start, this::unsolicited);
  }

  Session session(String id) {
    Session s = id == null ? null : sessions.get(id);
    if (s == null || s.isClosed()) {
      throw new GatehouseException(
          HostingErrors.SESSION_NOT_FOUND,
          "HOSTED_SESSION_NOT_FOUND: route '" + name + "' has no such session (initialize again)");
    }
    s.touch();
    return s;
  }

  /** The process a session's messages go to, started (again) when the route shares one. */
  Link linkOf(Session s) {
    if (spec.isolation() == Isolation.SESSION) {
      return s.link;
    }
    SharedProcess pool = pools.of(s);
    if (pool == null) { // ended meanwhile
      throw new GatehouseException(
          HostingErrors.SESSION_NOT_FOUND,
          "HOSTED_SESSION_NOT_FOUND: route '" + name + "' has no such session (initialize again)");
    }
    return pool.link();
  }

  /** A new session of {@code principal} (the gateway's id of the caller; empty when anonymous). */
  Opened open(ObjectNode initialize, String principal) {
    return spec.isolation() == Isolation.SESSION
        ? openOwn(initialize)
        : openShared(initialize, spec.sharedAcrossPrincipals() ? "*" : "p:" + principal);
  }

  private Opened openOwn(ObjectNode initialize) {
    if (!processes.tryAcquire()) {
      throw new GatehouseException(
          HostingErrors.PROCESS_LIMIT,
          "HOSTED_PROCESS_LIMIT: route '"
              + name
              + "' runs "
              + spec.maxProcesses()
              + " processes (max-processes: "
              + spec.maxProcesses()
              + ")");
    }
    Link link = new Link(name);
    Session s = new Session(link, peers);
    boolean opened = false;
    try {
      link.handlers((m, w) -> unsolicited(m, w, s), () -> closeSession(s, false));
      start(link);
      Link.Waiter w = link.call(s, initialize);
      Outbound answer = Link.answer(w, START_TIMEOUT);
      if (answer == null) {
        throw startFailed("the process did not answer initialize within " + START_TIMEOUT);
      }
      if (!succeeded(answer)) {
        return new Opened(null, answer.json());
      }
      sessions.put(s.id, s);
      if (closed) {
        throw startFailed("Gatehouse is stopping"); // its close may have missed this session
      }
      opened = true;
      return new Opened(s, answer.json());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw startFailed("interrupted");
    } finally {
      if (!opened) {
        closeSession(s, true);
      }
    }
  }

  private Opened openShared(ObjectNode initialize, String key) {
    Session s = new Session(null, peers);
    SharedProcess pool = pools.join(key, s);
    JsonNode result;
    try {
      result = pool.initialize(initialize);
    } catch (RuntimeException e) {
      pools.leave(s);
      throw e;
    }
    sessions.put(s.id, s);
    if (closed) {
      closeSession(s, true);
      throw startFailed("Gatehouse is stopping");
    }
    ObjectNode answer = Link.JSON.createObjectNode();
    answer.put("jsonrpc", "2.0");
    answer.set("id", initialize.get("id"));
    answer.set("result", result);
    return new Opened(s, Link.JSON.writeValueAsBytes(answer));
  }

  private static boolean succeeded(Outbound answer) {
    return Link.JSON.readTree(answer.json()).has("result");
  }

  private GatehouseException startFailed(String why) {
    return startFailed(name, why);
  }

  static GatehouseException startFailed(String route, String why) {
    return new GatehouseException(
        HostingErrors.UPSTREAM_START_FAILED,
        "UPSTREAM_START_FAILED: route '" + route + "': " + why);
  }

  private void start(Link link) {
    if (closed) {
      throw startFailed("Gatehouse is stopping");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String k : List.of("PATH", "HOME")) {
      String v = System.getenv(k);
      if (v != null) {
        env.put(k, v);
      }
    }
    spec.env().forEach((k, v) -> env.put(k, values.resolve(project, v)));
    List<String> command = spec.commandLine();
    if (!spec.limits().isEmpty()) {
      // prlimit sets the limits on itself, then runs the command in its place (same PID)
      command =
          spec.limits()
              .wrap(
                  ProcessLimits.prlimit()
                      .orElseThrow(() -> startFailed(ProcessLimits.prlimitMissing())),
                  command);
    }
    try {
      link.attach(Child.start(name, command, env, workingDirectory(), link::received, link::ended));
    } catch (IOException e) {
      throw startFailed("cannot run '" + spec.command() + "' (" + e.getMessage() + ")");
    }
  }

  private synchronized Path workingDirectory() throws IOException {
    if (spec.cwd() != null) {
      return spec.cwd();
    }
    if (cwd == null) {
      Path base = dataDir.resolve("hosted");
      Files.createDirectories(base);
      cwd = Files.createTempDirectory(base, name + "-");
    }
    return cwd;
  }

  /**
   * A message the server sent on its own: log messages and requests (sampling, elicitation) go to
   * the stream of the request in flight, if any; the rest to the GET streams (every session's, when
   * the process is shared).
   */
  private void unsolicited(ObjectNode m, Link.Waiter latest, Session own) {
    unsolicited(m, latest, own, null);
  }

  /** The same for a shared process: only the sessions of its {@code pool} get its messages. */
  private void unsolicited(ObjectNode m, Link.Waiter latest, SharedProcess pool) {
    unsolicited(m, latest, null, pool);
  }

  private void unsolicited(ObjectNode m, Link.Waiter latest, Session own, SharedProcess pool) {
    Outbound o = new Outbound(Link.JSON.writeValueAsBytes(m), false);
    boolean request = m.has("id");
    if (latest != null
        && (request || "notifications/message".equals(m.path("method").asString("")))) {
      latest.out().add(o);
    } else if (own != null) {
      own.toGetStream(o);
    } else if (request) {
      sessions.values().stream()
          .filter(s -> pools.of(s) == pool)
          .min(java.util.Comparator.comparingLong(Session::idleNanos))
          .ifPresent(s -> s.toGetStream(o));
    } else {
      sessions.values().stream().filter(s -> pools.of(s) == pool).forEach(s -> s.toGetStream(o));
    }
  }

  /** Ends a session: its process too, when it has its own ({@code stop}: gracefully). */
  void closeSession(Session s, boolean stop) {
    if (!s.close()) {
      return;
    }
    sessions.remove(s.id);
    if (s.link != null) {
      processes.release();
      if (stop && s.link.child() != null) {
        s.link.child().stop(GRACE);
      }
    } else {
      SharedProcess pool = pools.leave(s);
      Link l = pool == null ? null : pool.current();
      if (l != null) {
        l.endSession(s);
      }
    }
  }

  /** Ends idle sessions (and their processes), and a shared process without requests. */
  void reap() {
    for (Session s : sessions.values()) {
      boolean busy = s.link != null && !s.link.isIdle(spec.idleTimeout());
      if (!busy && s.idleNanos() > spec.idleTimeout().toNanos()) {
        log.info("route {}: session idle for {}; ending it", name, spec.idleTimeout());
        closeSession(s, true);
      }
    }
    int stopped = pools.reap(spec.idleTimeout());
    if (stopped > 0) {
      log.info(
          "route {}: {} shared process(es) idle for {}; stopped them",
          name,
          stopped,
          spec.idleTimeout());
    }
  }

  /** Stops every process of the route (all at once, each gracefully). */
  void close() {
    closed = true;
    List<Thread> stopping = new java.util.ArrayList<>();
    for (Session s : sessions.values()) {
      stopping.add(Thread.ofVirtual().start(() -> closeSession(s, true)));
    }
    for (SharedProcess pool : pools.all()) {
      stopping.add(Thread.ofVirtual().start(pool::close));
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  int sessionCount() {
    return sessions.size();
  }

  /** How many shared processes run now. */
  int sharedCount() {
    return pools.running();
  }
}
