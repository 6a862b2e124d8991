package io.gatehouse.catalog.internal.io;

import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.ImportSummary;
import io.gatehouse.catalog.NewDeployment;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.StatusChange;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.internal.AttachmentWrites;
import io.gatehouse.catalog.internal.CatalogHooks;
import io.gatehouse.catalog.internal.DeploymentWrites;
import io.gatehouse.catalog.internal.EnvironmentRows;
import io.gatehouse.catalog.internal.Publishing;
import io.gatehouse.catalog.internal.RevisionRows;
import io.gatehouse.catalog.internal.VersionRows;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies an {@link ImportPlan} inside one transaction. Imports add and update, never delete:
 * environments and attachments are upserted by name, a version already published with the same
 * document is left as is, and one published with a different document is refused (versions are
 * immutable).
 */
final class ImportWriter {
  private final Tx tx;
  private final CatalogHooks hooks;
  private final Instant now;
  private int published;
  private int unchanged;
  private int deployments;

  ImportWriter(Tx tx, CatalogHooks hooks, Instant now) {
    this.tx = tx;
    this.hooks = hooks;
    this.now = now;
  }

  ImportSummary apply(ImportPlan plan) throws SQLException {
    for (ImportPlan.EnvironmentSpec e : plan.environments()) {
      if (EnvironmentRows.find(tx, e.name()).isEmpty()) {
        EnvironmentRows.insert(tx, e.name(), e.kind(), e.description(), now);
      } else {
        EnvironmentRows.update(tx, e.name(), e.kind(), e.description(), now);
      }
    }
    int n = plan.versions().size();
    for (int i = 0; i < n; i++) {
      ImportPlan.VersionSpec v = plan.versions().get(i);
      // Without a publishedAt, versions count as published in file order, a microsecond apart, up
      // to now.
      Instant publishedAt =
          v.publishedAt() != null ? v.publishedAt() : now.minus(n - i, ChronoUnit.MICROS);
      version(v, publishedAt);
    }
    RevisionRows.bump(tx);
    return new ImportSummary(plan.environments().size(), published, unchanged, deployments);
  }

  private void version(ImportPlan.VersionSpec v, Instant publishedAt) throws SQLException {
    VersionRef ref = Publishing.ref(v.document());
    at(
        v.where(),
        () -> {
          Optional<ServerVersion> existing = VersionRows.find(tx, ref);
          if (existing.isEmpty()) {
            Publishing.publish(tx, v.document(), publishedAt, now);
            published++;
          } else if (!existing.get().document().equals(v.document())) {
            throw Publishing.exists(ref);
          } else {
            unchanged++;
          }
          status(v, ref);
        });
    for (ImportPlan.DeploymentSpec d : v.deployments()) {
      NewDeployment nd =
          new NewDeployment(
              ref,
              d.environment(),
              d.url(),
              d.transport(),
              d.route(),
              d.project(),
              d.connection(),
              d.hosted());
      at(
          d.where(),
          () -> DeploymentWrites.upsert(tx, nd, DeploymentWrites.checkShape(nd, hooks), now));
      deployments++;
    }
    for (ImportPlan.AuthSchemeSpec a : v.authSchemes()) {
      at(a.where(), () -> AttachmentWrites.authScheme(tx, ref, a.scheme(), false, now));
    }
    for (ImportPlan.AccessRuleSpec r : v.accessRules()) {
      at(
          r.where(),
          () -> AttachmentWrites.accessRule(tx, ref, r.principal(), r.actions(), false, now));
    }
  }

  private void status(ImportPlan.VersionSpec v, VersionRef ref) throws SQLException {
    ServerVersion current = VersionRows.find(tx, ref).orElseThrow();
    if (v.status() != null
        && (current.status() != v.status()
            || !Objects.equals(current.statusMessage(), v.statusMessage()))) {
      VersionRows.setStatus(tx, ref, new StatusChange(v.status(), v.statusMessage()), now);
      Publishing.afterChange(tx, ref.server(), now);
    }
  }

  /** Runs a step, naming where it came from if the catalog refuses it. */
  private static void at(String where, Step step) throws SQLException {
    try {
      step.run();
    } catch (CatalogException e) {
      throw new CatalogException(
          e.error(), where + ": " + e.getMessage() + "; nothing was written", e.details());
    }
  }

  @FunctionalInterface
  private interface Step {
    void run() throws SQLException;
  }
}
