package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.RouteDefinition;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Runs the packages of the deployments of transport {@code stdio}, as the process that hosts stdio
 * servers answers for the catalog (the catalog does not start processes). Bound with {@link
 * Catalog#bindHosting}; until then such deployments are not served.
 */
public interface DeploymentHosting {
  /**
   * Runs exactly {@code deployments} from now on (the processes of others stop; an unchanged one
   * keeps its processes) and returns, by route name, each route bound to its hosted endpoint. A
   * route missing from the answer cannot be run (the reason is logged) and is not served.
   */
  Map<String, RouteDefinition> host(List<Hosted> deployments);

  /**
   * Reads {@code api}'s document as a whole, as it would be served at {@code route}, and returns
   * where the API is called.
   *
   * @throws io.gatehouse.core.GatehouseException naming what cannot be used ({@code
   *     OPENAPI_SPEC_INVALID}, {@code EGRESS_FORBIDDEN})
   */
  java.net.URI checkApi(String route, HostedApi api);

  /**
   * One deployment to run.
   *
   * @param route its route as the catalog would publish it (policies, project)
   * @param pkg the server.json {@code packages[]} entry it runs; null for an OpenAPI deployment
   * @param settings the deployment's own values: a {@link HostedPackage} (env, working directory)
   *     or a {@link HostedApi} (the document)
   */
  record Hosted(RouteDefinition route, JsonNode pkg, HostedUpstream settings) {
    public Hosted {
      requireNonNull(route, "route");
      requireNonNull(settings, "settings");
      if (settings instanceof HostedPackage && pkg == null) {
        throw new IllegalArgumentException("pkg: null (expected: the package a stdio one runs)");
      }
    }
  }
}
