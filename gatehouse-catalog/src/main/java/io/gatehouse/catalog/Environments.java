package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.DeploymentRows;
import io.gatehouse.catalog.internal.EnvironmentRows;
import io.gatehouse.catalog.internal.Lookups;
import io.gatehouse.core.Problem;
import java.time.Instant;
import java.util.List;

/** Environments: the places versions are deployed to ({@code dev}, {@code prod-eu}). */
public final class Environments {
  private final CatalogContext ctx;

  Environments(CatalogContext ctx) {
    this.ctx = ctx;
  }

  public List<Environment> list() {
    return ctx.db().read(EnvironmentRows::all);
  }

  public Environment get(String name) {
    return ctx.db()
        .read(tx -> EnvironmentRows.find(tx, requireNonNull(name, "name")))
        .orElseThrow(() -> notFound(name));
  }

  /** Creates an environment; {@link CatalogErrors#ENVIRONMENT_EXISTS} if the name is taken. */
  public Environment create(String name, EnvironmentKind kind, String description) {
    checkName(name);
    requireNonNull(kind, "kind");
    Instant now = ctx.now();
    return ctx.db()
        .write(
            tx -> {
              if (EnvironmentRows.find(tx, name).isPresent()) {
                throw new CatalogException(
                    CatalogErrors.ENVIRONMENT_EXISTS,
                    "environment '" + name + "' exists; PUT it to change it");
              }
              EnvironmentRows.insert(tx, name, kind, description, now);
              return EnvironmentRows.find(tx, name).orElseThrow();
            });
  }

  /** Changes an environment's kind and description. */
  public Environment update(String name, EnvironmentKind kind, String description) {
    requireNonNull(kind, "kind");
    Instant now = ctx.now();
    return ctx.db()
        .write(
            tx -> {
              if (!EnvironmentRows.update(
                  tx, requireNonNull(name, "name"), kind, description, now)) {
                throw notFound(name);
              }
              return EnvironmentRows.find(tx, name).orElseThrow();
            });
  }

  /** Deletes an environment that no deployment uses. */
  public void delete(String name) {
    ctx.db()
        .write(
            tx -> {
              int used = DeploymentRows.list(tx, null, requireNonNull(name, "name")).size();
              if (used > 0) {
                throw new CatalogException(
                    CatalogErrors.ENVIRONMENT_IN_USE,
                    "environment '" + name + "' has " + used + " deployment(s); delete them first");
              }
              if (!EnvironmentRows.delete(tx, name)) {
                throw notFound(name);
              }
              return null;
            });
  }

  static void checkName(String name) {
    if (name == null || !Environment.NAME.matcher(name).matches()) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "name: "
              + (name == null ? "missing" : "'" + name + "'")
              + " (expected: "
              + Environment.NAME.pattern()
              + ", such as prod or staging-eu)",
          List.of(
              new Problem(
                  "name",
                  "invalid-environment-name",
                  "name: expected " + Environment.NAME.pattern())));
    }
  }

  private static CatalogException notFound(String name) {
    return Lookups.environmentNotFound(name);
  }
}
