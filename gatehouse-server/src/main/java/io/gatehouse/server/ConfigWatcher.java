package io.gatehouse.server;

import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.GatehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up route changes in the configuration file without a restart. It checks the file's content
 * once a second; a valid new version publishes a new routing snapshot (sessions on other routes
 * carry on untouched), an invalid one is logged with its key and the running routes stay.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path file;
  private final ConfigLoader loader;
  private final TrafficPolicies traffic;
  private final ConfigRoutes configRoutes;
  private final ConfigConnections configConnections;

  /** What else follows the file (the agents it defines), after its connections and routes. */
  private final java.util.function.Consumer<GatehouseConfig> alsoApply;

  private final RoutingTable routes;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gatehouse-config-watch");
            t.setDaemon(true);
            return t;
          });
  private final GatehouseConfig started;
  private byte[] lastDigest;
  private volatile Reload last;

  /**
   * What a reload did: applied (with the routes added, removed and changed) or refused (with the
   * key and the problem, and the running routes kept).
   *
   * @param count how many changes of the file have been looked at, counting this one
   */
  public record Reload(boolean applied, String message, int count) {}

  ConfigWatcher(
      Path file,
      ConfigLoader loader,
      RoutingTable routes,
      ConfigRoutes configRoutes,
      ConfigConnections configConnections,
      TrafficPolicies traffic,
      GatehouseConfig started,
      java.util.function.Consumer<GatehouseConfig> alsoApply) {
    this.alsoApply = alsoApply;
    this.traffic = traffic;
    this.configConnections = configConnections;
    this.configRoutes = configRoutes;
    this.started = started;
    this.file = file;
    this.loader = loader;
    this.routes = routes;
    this.lastDigest = digest();
  }

  /**
   * Checks the new file's policy sets against its routes and the other sources' routes, as a whole;
   * a set with problems refuses the reload (every problem named) and the running one stays. Returns
   * the file's sets it replaced, to go back to if the reload fails later.
   */
  private io.gatehouse.server.config.TrafficConfig checkPolicies(
      GatehouseConfig next, List<RouteDefinition> running) {
    synchronized (traffic) {
      io.gatehouse.server.config.TrafficConfig previous = traffic.sets().file();
      TrafficPolicies.Sets sets = traffic.sets().withFile(next.traffic());
      List<RouteDefinition> all = new java.util.ArrayList<>(next.routes());
      for (RouteDefinition r : running) {
        RouteDefinition published = routes.published(r.name());
        if (published != null && !GatehouseServer.CONFIG_SOURCE.equals(published.source())) {
          all.add(published);
        }
      }
      io.gatehouse.policy.traffic.Problems problems = traffic.check(sets, all);
      if (!problems.isEmpty()) {
        throw new ConfigException(
            new io.gatehouse.policy.traffic.PolicySetException(problems.list()).getMessage());
      }
      traffic.use(sets);
      return previous;
    }
  }

  void start() {
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  private void check() {
    byte[] now = digest();
    if (now == null || Arrays.equals(now, lastDigest)) {
      return;
    }
    lastDigest = now;
    try {
      GatehouseConfig next = loader.load(file);
      List<RouteDefinition> before = List.copyOf(routes.current().routes().values());
      io.gatehouse.server.config.TrafficConfig previous = checkPolicies(next, before);
      io.gatehouse.connect.ConnectionSync.Report connections;
      try {
        connections = configConnections.apply(next);
        configRoutes.configure(next);
        alsoApply.accept(next);
      } catch (RuntimeException e) {
        // Back to the file's sets as they were, keeping whatever the admin API stored meanwhile.
        synchronized (traffic) {
          traffic.use(traffic.sets().withFile(previous));
          routes.redecorate();
        }
        throw e;
      }
      String change =
          describe(before, next.routes())
              + (connections == null ? "" : "; " + connections.summary())
              + startOnly(next);
      log.info("config reloaded from {}: {}", file, change);
      last = new Reload(true, change, count());
    } catch (io.gatehouse.store.StoreException e) {
      // binding routes to their connections read the store; the next change of the file retries
      lastDigest = null;
      log.error("config reload failed: the store did not answer ({}); retrying", e.code());
      last = new Reload(false, "STORE_UNAVAILABLE: " + e.code(), count());
    } catch (ConfigException | IllegalArgumentException e) {
      log.error(
          "config reload refused ({}): {}; the running routes stay",
          ConfigException.KEY,
          e.getMessage());
      last = new Reload(false, ConfigException.KEY + ": " + e.getMessage(), count());
    }
  }

  /**
   * Top-level address rules, trusted proxies and the public URL (routes' audiences and metadata
   * URLs) are bound when the gateway starts; a reload that changes them says so.
   */
  private String startOnly(GatehouseConfig next) {
    List<String> changed = new java.util.ArrayList<>();
    if (!next.ip().equals(started.ip())
        || !next.trustedProxies().equals(started.trustedProxies())) {
      changed.add("top-level ip and trusted-proxies");
    }
    if (!next.egress().equals(started.egress())) {
      changed.add("egress");
    }
    if (!next.publicUrl().equals(started.publicUrl())) {
      changed.add("public-url");
    }
    if (changed.isEmpty()) {
      return "";
    }
    String what = String.join(" and ", changed);
    log.warn("config: {} changed; they apply at the next start", what);
    return "; " + what + " apply at the next start";
  }

  private int count() {
    Reload l = last;
    return l == null ? 1 : l.count() + 1;
  }

  /** The last reload, or null when the file has not changed since the start. */
  Reload last() {
    return last;
  }

  static String describe(List<RouteDefinition> before, List<RouteDefinition> after) {
    Map<String, RouteDefinition> b =
        before.stream().collect(Collectors.toMap(RouteDefinition::name, Function.identity()));
    Map<String, RouteDefinition> a =
        after.stream().collect(Collectors.toMap(RouteDefinition::name, Function.identity()));
    List<String> added = a.keySet().stream().filter(k -> !b.containsKey(k)).sorted().toList();
    List<String> removed =
        b.keySet().stream()
            .filter(k -> !a.containsKey(k) && "config".equals(b.get(k).source()))
            .sorted()
            .toList();
    List<String> changed =
        a.keySet().stream()
            .filter(k -> b.containsKey(k) && !Objects.equals(a.get(k), b.get(k)))
            .sorted()
            .toList();
    return "added " + added + ", removed " + removed + ", changed " + changed;
  }

  private byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
