package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.DeploymentConnections.Upstream;
import java.util.Optional;

/**
 * What the catalog's services tell the running process after they commit: the gateway routes
 * changed, a deployment needs its tools discovered. A catalog used without a gateway (the CLI)
 * ignores both.
 */
public interface CatalogHooks {
  CatalogHooks NONE = new CatalogHooks() {};

  /** Called after a commit that changes which routes the gateway should serve. */
  default void routesChanged() {}

  /**
   * Whether a route name is already served by something other than the catalog (the config file).
   */
  default boolean routeTakenElsewhere(String route) {
    return false;
  }

  /**
   * Refuses, with {@code EGRESS_FORBIDDEN}, an upstream URL whose host is an address literal
   * Gatehouse may not connect to.
   */
  default void checkEgress(String field, java.net.URI url) {}

  /**
   * Where {@code project}'s connection {@code name} points now; empty when there is no such
   * connection (or no connections at all).
   */
  default Optional<Upstream> connection(String project, String name) {
    return Optional.empty();
  }

  /** Called after a deployment was created or repointed and waits for discovery. */
  default void discover(String deploymentId) {}

  /**
   * Reads an OpenAPI deployment's document as a whole, as the server would serve it, and returns
   * the API's base URL; throws the reason it cannot be served. Without a server (the CLI), the
   * document is only checked when a server serves it.
   */
  default java.net.URI checkApi(String route, io.gatehouse.catalog.HostedApi api) {
    return api.baseUrl() != null ? api.baseUrl() : java.net.URI.create("openapi:document");
  }
}
