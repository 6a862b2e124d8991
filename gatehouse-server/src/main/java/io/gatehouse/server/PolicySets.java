package io.gatehouse.server;

import io.gatehouse.core.RouteName;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.policy.http.PolicyAdminApi;
import io.gatehouse.policy.traffic.PolicySetStore;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's policy sets: kept in the store, put in force here at once and on the other
 * replicas within a second (each polls the store's revision), over the file's sets, which own the
 * scopes they set.
 */
final class PolicySets implements PolicyAdminApi.Control, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PolicySets.class);

  private final TrafficPolicies traffic;
  private final RoutingTable routes;
  private final Clock clock;
  private PolicySetStore store;
  private long seen = -1;
  private ScheduledExecutorService poll;

  PolicySets(TrafficPolicies traffic, RoutingTable routes, Clock clock) {
    this.traffic = traffic;
    this.routes = routes;
    this.clock = clock;
  }

  /** Opens the stored sets, puts them in force and watches for changes by other replicas. */
  void open(Database database) {
    store = PolicySetStore.open(database);
    check();
    poll =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gatehouse-policy-poll");
              t.setDaemon(true);
              return t;
            });
    poll.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  private void check() {
    try {
      long now = store.revision();
      if (now != seen) {
        load();
        seen = now;
      }
    } catch (RuntimeException e) {
      log.warn("policies: checking for changes failed ({}); the next poll retries", e.toString());
    }
  }

  /** Puts the stored sets in force. */
  private void load() {
    Map<String, JsonNode> stored = store.all();
    synchronized (traffic) {
      TrafficPolicies.Sets next = traffic.sets().withStored(stored);
      Problems problems = traffic.check(next, served());
      if (!problems.isEmpty()) {
        // Checked where it was made, against that replica's routes; a route only this one serves
        // may not fit, and TrafficPolicies refuses that route's calls and names why.
        log.error("policies: the stored sets do not fit every route here: {}", problems.list());
      }
      traffic.use(next);
      traffic.storedRead();
      routes.redecorate();
    }
  }

  /** The routes served, as their sources published them. */
  private List<RouteDefinition> served() {
    List<RouteDefinition> out = new ArrayList<>();
    for (String name : routes.current().routes().keySet()) {
      RouteDefinition r = routes.published(name);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public Map<String, InForce> inForce() {
    TrafficPolicies.Sets sets = traffic.sets();
    Map<String, InForce> out = new LinkedHashMap<>();
    if (sets.global() != null) {
      out.put(
          PolicySetStore.GLOBAL, new InForce(source(sets, PolicySetStore.GLOBAL), sets.global()));
    }
    sets.routes()
        .forEach(
            (route, set) -> {
              String scope = PolicySetStore.routeScope(route);
              out.put(scope, new InForce(source(sets, scope), set.set()));
            });
    return out;
  }

  private static String source(TrafficPolicies.Sets sets, String scope) {
    return sets.fromFile(scope) ? "config" : "api";
  }

  @Override
  public JsonNode effective(String route, String tool) {
    if (routes.current().route(route) == null) {
      return null;
    }
    PolicyTree tree = traffic.sets().tree(route);
    return tool == null || tool.isBlank() ? tree.effective() : tree.effectiveForTool(tool);
  }

  @Override
  public boolean fromConfig(String scope) {
    return traffic.sets().fromFile(scope);
  }

  @Override
  public List<Problems.Problem> put(String scope, JsonNode set, String by, boolean dryRun) {
    String route = PolicySetStore.routeOf(scope);
    String path = route == null ? "policies/global" : "policies/routes/" + route;
    Problems problems = new Problems();
    if (route != null && !RouteName.isValid(route)) {
      problems.add(
          path, "'" + route + "' is not a route name (expected: " + RouteName.rule() + ")");
    }
    if (!set.isObject()) {
      problems.add(path, "expected an object of policy sections");
    } else {
      PolicyTree.checkShape(set, path, problems);
    }
    if (!set.isObject() || (route != null && !RouteName.isValid(route))) {
      return problems.list();
    }
    synchronized (traffic) {
      Map<String, JsonNode> stored = new LinkedHashMap<>(traffic.sets().stored());
      stored.put(scope, set);
      TrafficPolicies.Sets candidate = traffic.sets().withStored(stored);
      List<Problems.Problem> all = new ArrayList<>(problems.list());
      all.addAll(traffic.check(candidate, served()).list());
      if (!all.isEmpty() || dryRun) {
        return all;
      }
      store.put(scope, set, by, clock.millis());
      traffic.use(candidate);
      routes.redecorate();
    }
    return List.of();
  }

  @Override
  public boolean delete(String scope, String by) {
    synchronized (traffic) {
      if (!store.delete(scope)) {
        return false;
      }
      Map<String, JsonNode> stored = new LinkedHashMap<>(traffic.sets().stored());
      stored.remove(scope);
      traffic.use(traffic.sets().withStored(stored));
      routes.redecorate();
      return true;
    }
  }

  @Override
  public void close() {
    if (poll != null) {
      poll.shutdownNow();
    }
  }
}
