package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.DeploymentRows;
import io.gatehouse.catalog.internal.DeploymentWrites;
import io.gatehouse.catalog.internal.RevisionRows;
import io.gatehouse.catalog.internal.VersionRows;
import java.time.Instant;
import java.util.List;

/**
 * Deployments: a version in an environment behind a gateway route. Creating one publishes {@code
 * /mcp/{route}} at once and starts discovering its tools; deleting one withdraws the route.
 */
public final class Deployments {
  private final CatalogContext ctx;

  Deployments(CatalogContext ctx) {
    this.ctx = ctx;
  }

  /** Deployments, optionally only of one server and/or in one environment (null for any). */
  public List<Deployment> list(String server, String environment) {
    return ctx.db().read(tx -> DeploymentRows.list(tx, server, environment));
  }

  public Deployment get(String id) {
    return ctx.db()
        .read(tx -> DeploymentRows.find(tx, requireNonNull(id, "id")))
        .orElseThrow(() -> notFound(id));
  }

  public Deployment create(NewDeployment deployment) {
    requireNonNull(deployment, "deployment");
    DeploymentConnections.Upstream upstream = DeploymentWrites.checkShape(deployment, ctx.hooks());
    Instant now = ctx.now();
    Deployment created =
        ctx.db().write(tx -> DeploymentWrites.create(tx, deployment, upstream, now));
    ctx.changed();
    ctx.hooks().discover(created.id());
    return created;
  }

  /** Withdraws the route and forgets the deployment and its tools. */
  public void delete(String id) {
    Instant now = ctx.now();
    ctx.db()
        .write(
            tx -> {
              Deployment d =
                  DeploymentRows.find(tx, requireNonNull(id, "id")).orElseThrow(() -> notFound(id));
              DeploymentRows.delete(tx, id);
              VersionRows.touch(tx, d.version(), now);
              RevisionRows.bump(tx);
              return null;
            });
    ctx.changed();
  }

  /** Discovers the deployment's tools again, in the background; returns it marked pending. */
  public Deployment rediscover(String id) {
    Instant now = ctx.now();
    Deployment d =
        ctx.db()
            .write(
                tx -> {
                  DeploymentRows.find(tx, requireNonNull(id, "id")).orElseThrow(() -> notFound(id));
                  DeploymentRows.status(tx, id, DeploymentStatus.PENDING, null, null, now);
                  return DeploymentRows.find(tx, id).orElseThrow();
                });
    ctx.hooks().discover(id);
    return d;
  }

  static CatalogException notFound(String id) {
    return new CatalogException(
        CatalogErrors.DEPLOYMENT_NOT_FOUND, "deployment '" + id + "' does not exist");
  }
}
