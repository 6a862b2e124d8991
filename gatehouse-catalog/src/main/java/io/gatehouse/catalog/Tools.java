package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.DeploymentRows;
import io.gatehouse.catalog.internal.ToolRows;
import io.gatehouse.catalog.internal.VersionRows;
import java.time.Instant;
import java.util.List;

/**
 * Tool snapshots: what each deployment answered {@code tools/list} with, and a search across the
 * whole catalog ("which server has a tool that does X").
 */
public final class Tools {
  public static final int MAX_SEARCH_LIMIT = 100;
  private final CatalogContext ctx;

  Tools(CatalogContext ctx) {
    this.ctx = ctx;
  }

  public List<Tool> of(String deploymentId) {
    requireNonNull(deploymentId, "deploymentId");
    return ctx.db()
        .read(
            tx -> {
              DeploymentRows.find(tx, deploymentId)
                  .orElseThrow(() -> Deployments.notFound(deploymentId));
              return ToolRows.of(tx, deploymentId);
            });
  }

  /** Stores a deployment's snapshot, replacing the previous one, and marks the deployment ready. */
  public void replace(String deploymentId, List<Tool> tools) {
    requireNonNull(deploymentId, "deploymentId");
    List<Tool> copy = List.copyOf(tools);
    Instant now = ctx.now();
    ctx.db()
        .write(
            tx -> {
              Deployment d =
                  DeploymentRows.find(tx, deploymentId)
                      .orElseThrow(() -> Deployments.notFound(deploymentId));
              ToolRows.replace(tx, deploymentId, copy);
              DeploymentRows.ready(tx, deploymentId, now);
              VersionRows.touch(tx, d.version(), now);
              return null;
            });
  }

  /**
   * Tools whose name, title or description contains {@code text} (case-insensitive), in deployments
   * of live versions.
   */
  public List<ToolMatch> search(String text, int limit) {
    return search(text, limit, Viewer.EVERYTHING);
  }

  /** The matches in versions {@code viewer} may discover. */
  public List<ToolMatch> search(String text, int limit, Viewer viewer) {
    requireNonNull(text, "text");
    requireNonNull(viewer, "viewer");
    if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "limit: " + limit + " (expected: 1 to " + MAX_SEARCH_LIMIT + ")");
    }
    return ctx.db().read(tx -> ToolRows.search(tx, text.trim(), limit, viewer));
  }
}
