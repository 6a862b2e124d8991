package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link RoutingSnapshot}. Route sources (the config file, the catalog) each
 * publish their whole set of routes; the table merges them into a new snapshot and swaps it in
 * atomically. Readers on the request path only ever call {@link #current()}.
 */
public final class RoutingTable {
  private final AtomicReference<RoutingSnapshot> current =
      new AtomicReference<>(RoutingSnapshot.EMPTY);
  private final Map<String, List<RouteDefinition>> bySource = new TreeMap<>();
  private UnaryOperator<RouteDefinition> decorator = UnaryOperator.identity();

  public RoutingSnapshot current() {
    return current.get();
  }

  /**
   * Replaces the routes of {@code source} and publishes the merged snapshot.
   *
   * @throws IllegalArgumentException if a route name is already published by another source;
   *     nothing changes then
   */
  public synchronized RoutingSnapshot publish(String source, Collection<RouteDefinition> routes) {
    requireNonNull(source, "source");
    List<RouteDefinition> merged = new ArrayList<>();
    bySource.forEach(
        (s, rs) -> {
          if (!s.equals(source)) {
            merged.addAll(rs);
          }
        });
    for (RouteDefinition r : routes) {
      RouteDefinition taken =
          merged.stream().filter(m -> m.name().equals(r.name())).findFirst().orElse(null);
      if (taken != null) {
        throw new IllegalArgumentException(
            "route name: '" + r.name() + "' is already published by " + taken.source());
      }
    }
    merged.addAll(routes);
    bySource.put(source, List.copyOf(routes));
    return swap(merged);
  }

  /**
   * The route named {@code name} as its source published it, before decoration (the snapshot holds
   * the decorated one), or null when no source publishes it.
   */
  public synchronized RouteDefinition published(String name) {
    for (List<RouteDefinition> rs : bySource.values()) {
      for (RouteDefinition r : rs) {
        if (r.name().equals(name)) {
          return r;
        }
      }
    }
    return null;
  }

  /**
   * Applies {@code decorator} to every route as it is published, now and from now on: the way
   * policies that apply to all routes, whatever their source, are bound to each (the sources keep
   * publishing routes as they define them). A decorator must not throw.
   */
  public synchronized RoutingSnapshot decorate(UnaryOperator<RouteDefinition> decorator) {
    this.decorator = requireNonNull(decorator, "decorator");
    return redecorate();
  }

  /** Applies the decorator again to every route, after what it decides on has changed. */
  public synchronized RoutingSnapshot redecorate() {
    List<RouteDefinition> all = new ArrayList<>();
    bySource.values().forEach(all::addAll);
    return swap(all);
  }

  private RoutingSnapshot swap(List<RouteDefinition> undecorated) {
    List<RouteDefinition> decorated = new ArrayList<>(undecorated.size());
    for (RouteDefinition r : undecorated) {
      decorated.add(decorator.apply(r));
    }
    RoutingSnapshot next = RoutingSnapshot.of(decorated, current.get().version() + 1);
    current.set(next);
    return next;
  }
}
