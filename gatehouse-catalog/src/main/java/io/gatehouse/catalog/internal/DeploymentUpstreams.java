package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.DeploymentConnections.Upstream;
import io.gatehouse.catalog.NewDeployment;
import io.gatehouse.core.Problem;
import java.net.URI;
import java.util.List;

/**
 * Where a new deployment's upstream is: its own {@code upstream}, checked, or the current one of
 * the connection it names (which the process serving the catalog looks up). Exactly one of the two
 * must be given.
 */
final class DeploymentUpstreams {
  static final String BOTH_FIELDS = "upstream, connection";

  private DeploymentUpstreams() {}

  static Upstream resolve(NewDeployment d, CatalogHooks hooks) {
    if (d.hosted() != null) {
      if (d.connection() != null) {
        throw oneOf("both are given");
      }
      if (d.hosted() instanceof io.gatehouse.catalog.HostedApi api) {
        // read as a whole now: a document that cannot be served is never stored
        return new Upstream(hooks.checkApi(d.route(), api), d.transport());
      }
      // the package is picked from the version's server.json when the deployment is written
      return new Upstream(URI.create("stdio:npm"), d.transport());
    }
    if (d.connection() != null && d.upstreamUrl() != null) {
      throw oneOf("both are given");
    }
    if (d.connection() == null && d.upstreamUrl() == null) {
      throw oneOf("neither is given");
    }
    return d.connection() != null ? connection(d, hooks) : own(d.upstreamUrl(), d, hooks);
  }

  private static Upstream connection(NewDeployment d, CatalogHooks hooks) {
    return hooks
        .connection(d.project(), d.connection())
        .orElseThrow(
            () ->
                new CatalogException(
                    CatalogErrors.CONNECTION_NOT_FOUND,
                    "connection: '"
                        + d.connection()
                        + "' is not a connection of project '"
                        + d.project()
                        + "'; create it first, or name one of that project's connections"));
  }

  private static Upstream own(URI url, NewDeployment d, CatalogHooks hooks) {
    String scheme = url.getScheme();
    if (url.getHost() == null || !"http".equals(scheme) && !"https".equals(scheme)) {
      throw DeploymentWrites.invalid(
          "upstream.url", "'" + url + "' (expected: the absolute http(s) URL of the MCP endpoint)");
    }
    hooks.checkEgress("upstream.url", url);
    return new Upstream(url, d.transport());
  }

  private static CatalogException oneOf(String what) {
    String message =
        BOTH_FIELDS
            + ": "
            + what
            + " (expected: either upstream {url, transport} or connection, the name of a"
            + " connection of the deployment's project)";
    return new CatalogException(
        CatalogErrors.INVALID_REQUEST,
        message,
        List.of(new Problem(BOTH_FIELDS, "one-of", message)));
  }
}
