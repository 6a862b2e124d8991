package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.CatalogHooks;
import io.gatehouse.store.Database;

/**
 * The tool catalog of one process: the registry (servers and versions), environments, deployments, auth
 * schemes, access rules and tool snapshots, all kept in the store. {@link #open} runs the catalog's
 * migrations; the services are safe to share between threads.
 */
public final class Catalog {
  /** The Flyway location of the catalog's migrations. */
  public static final String MIGRATIONS = "classpath:db/catalog";

  private final CatalogContext ctx;
  private final CatalogSettings settings;
  private final Registry registry;
  private final Environments environments;
  private final Deployments deployments;
  private final AuthSchemes authSchemes;
  private final AccessRules accessRules;
  private final Tools tools;

  private Catalog(Database db, CatalogSettings settings, CatalogHooks hooks) {
    this.settings = settings;
    this.ctx = new CatalogContext(db, settings.clock(), hooks);
    this.registry = new Registry(ctx);
    this.environments = new Environments(ctx);
    this.deployments = new Deployments(ctx);
    this.authSchemes = new AuthSchemes(ctx);
    this.accessRules = new AccessRules(ctx);
    this.tools = new Tools(ctx);
  }

  /** Brings the catalog's tables up to date and opens it. */
  public static Catalog open(Database db, CatalogSettings settings) {
    return open(db, settings, CatalogHooks.NONE);
  }

  static Catalog open(Database db, CatalogSettings settings, CatalogHooks hooks) {
    requireNonNull(db, "db");
    requireNonNull(settings, "settings");
    db.migrate("catalog", MIGRATIONS);
    return new Catalog(db, settings, hooks);
  }

  public Registry registry() {
    return registry;
  }

  public Environments environments() {
    return environments;
  }

  public Deployments deployments() {
    return deployments;
  }

  public AuthSchemes authSchemes() {
    return authSchemes;
  }

  public AccessRules accessRules() {
    return accessRules;
  }

  public Tools tools() {
    return tools;
  }

  public CatalogSettings settings() {
    return settings;
  }

  Database database() {
    return ctx.db();
  }
}
