package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.RouteDefinition;
import java.net.URI;
import java.util.Optional;

/**
 * The connections a deployment may name, as the process that owns them answers for the catalog (the
 * catalog does not know how connections authenticate). The catalog asks for an upstream when a
 * deployment is written and binds the route when it is served.
 */
public interface DeploymentConnections {
  /**
   * Where {@code project}'s connection {@code name} points now; empty when it has none so named.
   */
  Optional<Upstream> find(String project, String name);

  /**
   * {@code route} bound to {@code project}'s connection {@code name}: its current upstream and TLS,
   * and its credential set on every upstream request; a route that refuses every request with
   * {@code CONNECTION_NOT_FOUND} when the connection does not exist.
   */
  RouteDefinition bind(RouteDefinition route, String project, String name);

  /** A connection's upstream, in the catalog's words. */
  record Upstream(URI url, DeploymentTransport transport) {
    public Upstream {
      requireNonNull(url, "url");
      requireNonNull(transport, "transport");
    }
  }
}
