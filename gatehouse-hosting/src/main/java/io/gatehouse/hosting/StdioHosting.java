package io.gatehouse.hosting;

import static java.util.Objects.requireNonNull;

import io.gatehouse.cluster.Peers;
import io.gatehouse.core.Secret;
import io.gatehouse.http.HttpService;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hosts the stdio MCP servers of the routes that name one: each is served over Streamable HTTP at
 * {@code /_hosted/{route}/mcp} on Gatehouse's own edge ({@link #service}), to callers that send
 * {@link #KEY_HEADER} with a key that exists only in this process's memory; the route's upstream is
 * that URL with that header ({@link #url}, {@link #headers}), so the gateway's sessions, policies,
 * resumable streams and audit apply to it unchanged.
 */
public final class StdioHosting implements AutoCloseable {
  /** Where the hosted servers are mounted on the edge. */
  public static final String PREFIX = "/_hosted/";

  /** The header the route's upstream requests carry the key in. */
  public static final String KEY_HEADER = "X-Gatehouse-Hosted-Key";

  /**
   * The header the gateway names the caller in (its principal id, percent-encoded; empty when
   * anonymous), so {@code isolation: shared} runs a process per principal. Only the gateway reaches
   * the bridge (the key), and it sets this header itself on every upstream request.
   */
  public static final String PRINCIPAL_HEADER = "X-Gatehouse-Hosted-Principal";

  /** A route's stdio server and the project whose vault its env secrets come from. */
  public record Hosted(String project, StdioServer server) {
    public Hosted {
      requireNonNull(project, "project");
      requireNonNull(server, "server");
    }
  }

  private final Path dataDir;
  private final EnvValues values;
  private final Secret key;
  private final Peers peers;
  private final Map<String, RouteHost> hosts = new ConcurrentHashMap<>();
  private final java.util.List<Thread> stopping = new java.util.ArrayList<>();
  private ScheduledExecutorService reaper;

  /**
   * @param dataDir where each route without a {@code cwd} gets a working directory of its own
   * @param values fills in the {@code ${secret:NAME}} references of env values
   */
  public StdioHosting(Path dataDir, EnvValues values) {
    this(dataDir, values, Peers.alone());
  }

  /**
   * The same, as one of several replicas: each session's id names this replica ({@code
   * <replica>.<random>}), and a request for a session of another replica is forwarded to it.
   */
  public StdioHosting(Path dataDir, EnvValues values, Peers peers) {
    this.dataDir = requireNonNull(dataDir, "dataDir");
    this.values = requireNonNull(values, "values");
    this.peers = requireNonNull(peers, "peers");
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    this.key = Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  /**
   * The routes hosted from now on: a new or changed route starts afresh (the processes of a changed
   * or removed one stop); an unchanged one keeps its processes.
   */
  public synchronized void configure(Map<String, Hosted> routes) {
    for (Map.Entry<String, RouteHost> e : Map.copyOf(hosts).entrySet()) {
      Hosted wanted = routes.get(e.getKey());
      RouteHost h = e.getValue();
      if (wanted == null || !wanted.equals(new Hosted(h.project, h.spec))) {
        hosts.remove(e.getKey());
        stopping.removeIf(t -> !t.isAlive());
        stopping.add(Thread.ofVirtual().name("gatehouse-hosting-stop").start(h::close));
      }
    }
    if (reaper == null && !routes.isEmpty()) {
      // a thread only for a server that hosts something
      reaper =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gatehouse-hosting-idle");
                t.setDaemon(true);
                return t;
              });
      reaper.scheduleWithFixedDelay(this::reap, 1, 1, TimeUnit.SECONDS);
    }
    routes.forEach(
        (name, r) ->
            hosts.computeIfAbsent(
                name, n -> new RouteHost(n, r.project(), r.server(), values, dataDir, peers)));
  }

  /** The internal endpoint of {@code route} on a server reached at {@code base}. */
  public static URI url(URI base, String route) {
    String b = base.toString();
    return URI.create(
        (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + PREFIX + route + "/mcp");
  }

  /** The headers the route's upstream requests carry: the key. */
  public Map<String, String> headers() {
    return Map.of(KEY_HEADER, key.reveal());
  }

  /** The HTTP side of every hosted route, to mount at {@link #PREFIX}. */
  public HttpService service() {
    return new BridgeService(hosts::get, key, peers, false);
  }

  /**
   * The same for the peer port, to mount at {@link #PREFIX} there: other replicas forward the
   * requests of this replica's sessions to it, with the peer key (checked here) instead of the
   * hosted key.
   */
  public HttpService peerService() {
    return peers.guard(new BridgeService(hosts::get, key, peers, true));
  }

  /** How many sessions a route has now (for tests and metrics). */
  public int sessions(String route) {
    RouteHost h = hosts.get(route);
    return h == null ? 0 : h.sessionCount();
  }

  /** How many shared processes a route runs now (for tests and metrics). */
  public int sharedProcesses(String route) {
    RouteHost h = hosts.get(route);
    return h == null ? 0 : h.sharedCount();
  }

  private void reap() {
    for (RouteHost h : hosts.values()) {
      try {
        h.reap();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(StdioHosting.class)
            .warn("route {}: ending idle processes failed: {}", h.name, e.toString());
      }
    }
  }

  /** Stops every process: stdin closed, a short wait, then the process trees destroyed. */
  @Override
  public synchronized void close() {
    if (reaper != null) {
      reaper.shutdownNow();
    }
    java.util.List<Thread> all = new java.util.ArrayList<>(stopping); // a reload's stops too
    for (RouteHost h : hosts.values()) {
      all.add(Thread.ofVirtual().start(h::close));
    }
    hosts.clear();
    for (Thread t : all) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
