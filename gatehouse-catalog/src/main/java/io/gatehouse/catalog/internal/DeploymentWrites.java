package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.DeploymentConnections.Upstream;
import io.gatehouse.catalog.DeploymentStatus;
import io.gatehouse.catalog.HostedPackage;
import io.gatehouse.catalog.HostedUpstream;
import io.gatehouse.catalog.NewDeployment;
import io.gatehouse.catalog.VersionStatus;
import io.gatehouse.core.Problem;
import io.gatehouse.core.RouteName;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creating and repointing deployments inside a caller's transaction, with every check that needs
 * the store; the admin API and imports share it. Each write bumps the catalog revision and marks
 * the version updated (its advertised remotes change).
 */
public final class DeploymentWrites {
  private DeploymentWrites() {}

  /**
   * Checks what needs no store (the project and route names, the upstream URL or the connection)
   * and returns the upstream to record: its own, or the connection's as it is now.
   */
  public static Upstream checkShape(NewDeployment d, CatalogHooks hooks) {
    if (!RouteName.isValid(d.project())) {
      throw invalid(
          "project", "'" + d.project() + "' (expected: a project name, " + RouteName.rule() + ")");
    }
    if (!RouteName.isValid(d.route())) {
      throw invalid(
          "route", "'" + d.route() + "' (expected: " + RouteName.rule() + ", such as weather)");
    }
    Upstream upstream = DeploymentUpstreams.resolve(d, hooks);
    if (hooks.routeTakenElsewhere(d.route())) {
      throw new CatalogException(
          CatalogErrors.ROUTE_TAKEN,
          "route '"
              + d.route()
              + "' is already served from the configuration file; pick another route name");
    }
    return upstream;
  }

  /** Creates the deployment, pointing at {@code up} (from {@link #checkShape}). */
  public static Deployment create(Tx tx, NewDeployment d, Upstream up, Instant now)
      throws SQLException {
    checkTargets(tx, d);
    HostedPackages.Picked picked = picked(tx, d);
    if (DeploymentRows.find(tx, d.version(), d.environment()).isPresent()) {
      throw new CatalogException(
          CatalogErrors.DEPLOYMENT_EXISTS,
          d.version()
              + " is already deployed in '"
              + d.environment()
              + "'; delete that deployment first, or deploy another version");
    }
    checkRouteFree(tx, d.route(), null);
    Deployment created =
        new Deployment(
            CatalogContext.newId("dep"),
            d.version(),
            d.environment(),
            picked == null ? up.url() : picked.url(),
            up.transport(),
            d.project(),
            d.route(),
            DeploymentStatus.PENDING,
            null,
            null,
            null,
            now,
            now,
            d.connection(),
            picked == null ? d.hosted() : picked.hosted());
    DeploymentRows.insert(tx, created);
    VersionRows.touch(tx, d.version(), now);
    RevisionRows.bump(tx);
    return created;
  }

  /**
   * Creates the deployment, or points the existing one of that version and environment at the new
   * upstream {@code up}.
   */
  public static Deployment upsert(Tx tx, NewDeployment d, Upstream up, Instant now)
      throws SQLException {
    Optional<Deployment> existing = DeploymentRows.find(tx, d.version(), d.environment());
    if (existing.isEmpty()) {
      return create(tx, d, up, now);
    }
    Deployment e = existing.get();
    HostedPackages.Picked picked = picked(tx, d);
    if (picked != null) {
      up = new Upstream(picked.url(), up.transport());
    }
    HostedUpstream hosted = picked == null ? d.hosted() : picked.hosted();
    if (e.upstreamUrl().equals(up.url())
        && e.transport() == up.transport()
        && Objects.equals(e.hosted(), hosted)
        && e.route().equals(d.route())
        && e.project().equals(d.project())
        && Objects.equals(e.connection(), d.connection())) {
      return e;
    }
    checkRouteFree(tx, d.route(), e.id());
    DeploymentRows.repoint(
        tx, e.id(), up.url(), up.transport(), d.route(), d.project(), d.connection(), hosted, now);
    VersionRows.touch(tx, d.version(), now);
    RevisionRows.bump(tx);
    return DeploymentRows.find(tx, e.id()).orElseThrow();
  }

  /** The package a deployment of transport stdio runs, checked; null for any other. */
  private static HostedPackages.Picked picked(Tx tx, NewDeployment d) throws SQLException {
    return d.hosted() instanceof HostedPackage p
        ? HostedPackages.pick(Lookups.version(tx, d.version()), p)
        : null;
  }

  private static void checkTargets(Tx tx, NewDeployment d) throws SQLException {
    if (Lookups.version(tx, d.version()).status() == VersionStatus.DELETED) {
      throw new CatalogException(
          CatalogErrors.VERSION_DELETED,
          d.version() + " is deleted; restore it or deploy another version");
    }
    Lookups.environment(tx, d.environment());
  }

  private static void checkRouteFree(Tx tx, String route, String exceptId) throws SQLException {
    Optional<Deployment> holder = DeploymentRows.byRoute(tx, route);
    if (holder.isPresent() && !holder.get().id().equals(exceptId)) {
      throw new CatalogException(
          CatalogErrors.ROUTE_TAKEN,
          "route '"
              + route
              + "' is used by deployment "
              + holder.get().id()
              + " ("
              + holder.get().version()
              + " in "
              + holder.get().environment()
              + "); pick another route name");
    }
  }

  static CatalogException invalid(String field, String message) {
    return new CatalogException(
        CatalogErrors.INVALID_REQUEST,
        field + ": " + message,
        List.of(new Problem(field, "invalid-value", field + ": " + message)));
  }
}
