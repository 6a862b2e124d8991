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
   * One deployment to run.
   *
   * @param route its route as the catalog would publish it (policies, project)
   * @param pkg the server.json {@code packages[]} entry it runs
   * @param settings the deployment's own values (env, working directory)
   */
  record Hosted(RouteDefinition route, JsonNode pkg, HostedPackage settings) {
    public Hosted {
      requireNonNull(route, "route");
      requireNonNull(pkg, "pkg");
      requireNonNull(settings, "settings");
    }
  }
}
