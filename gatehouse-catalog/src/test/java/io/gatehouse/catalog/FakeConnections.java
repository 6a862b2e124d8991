package io.gatehouse.catalog;

import io.gatehouse.gateway.RouteDefinition;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections by project and name, for the catalog's own tests: the server's binding (credentials,
 * TLS) is tested in {@code gatehouse-server}; here binding only points the route at the upstream.
 */
final class FakeConnections implements DeploymentConnections {
  private final Map<String, Upstream> byKey = new ConcurrentHashMap<>();

  FakeConnections put(String project, String name, String url, DeploymentTransport transport) {
    byKey.put(project + "/" + name, new Upstream(URI.create(url), transport));
    return this;
  }

  @Override
  public Optional<Upstream> find(String project, String name) {
    return Optional.ofNullable(byKey.get(project + "/" + name));
  }

  @Override
  public RouteDefinition bind(RouteDefinition route, String project, String name) {
    return route;
  }
}
