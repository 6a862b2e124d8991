package io.gatehouse.gateway;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routes the data plane serves, frozen. A change builds a new snapshot and swaps it in ({@link
 * RoutingTable}); requests in flight keep the snapshot they started with.
 *
 * @param routes by name
 * @param version increases with every published snapshot
 */
public record RoutingSnapshot(Map<String, RouteDefinition> routes, long version) {
  public static final RoutingSnapshot EMPTY = new RoutingSnapshot(Map.of(), 0);

  public RoutingSnapshot {
    routes = Map.copyOf(routes);
  }

  public static RoutingSnapshot of(Collection<RouteDefinition> routes, long version) {
    Map<String, RouteDefinition> byName = new LinkedHashMap<>();
    for (RouteDefinition r : routes) {
      if (byName.putIfAbsent(r.name(), r) != null) {
        throw new IllegalArgumentException("route name: '" + r.name() + "' is defined twice");
      }
    }
    return new RoutingSnapshot(byName, version);
  }

  /** The route, or null. */
  public RouteDefinition route(String name) {
    return routes.get(name);
  }
}
