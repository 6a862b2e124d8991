package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.CatalogHooks;
import io.gatehouse.catalog.internal.CatalogReads;
import io.gatehouse.catalog.internal.serve.CatalogRoutes;
import io.gatehouse.catalog.internal.serve.ToolDiscovery;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.store.Database;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool catalog of one process: the registry (servers and versions), environments, deployments,
 * auth schemes, access rules and tool snapshots, all kept in the store. {@link #open} runs the
 * catalog's migrations; {@link #serve} publishes its deployments as gateway routes and keeps them
 * current. The services are safe to share between threads.
 */
public final class Catalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Catalog.class);

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
  private final CatalogDocuments documents;
  private final CatalogAccess access;
  private volatile Serving serving;
  private volatile DeploymentConnections connections;
  private volatile DeploymentHosting hosting;

  private Catalog(Database db, CatalogSettings settings, CatalogAccess access) {
    this.settings = settings;
    this.access = access;
    this.ctx = new CatalogContext(db, settings.clock(), new LiveHooks());
    this.registry = new Registry(ctx);
    this.environments = new Environments(ctx);
    this.deployments = new Deployments(ctx);
    this.authSchemes = new AuthSchemes(ctx);
    this.accessRules = new AccessRules(ctx);
    this.tools = new Tools(ctx);
    this.documents = new CatalogDocuments(ctx);
  }

  /** Brings the catalog's tables up to date and opens it, without identities. */
  public static Catalog open(Database db, CatalogSettings settings) {
    return open(db, settings, CatalogAccess.OPEN);
  }

  /**
   * Brings the catalog's tables up to date and opens it; {@code access} turns its access rules into
   * decisions.
   */
  public static Catalog open(Database db, CatalogSettings settings, CatalogAccess access) {
    requireNonNull(db, "db");
    requireNonNull(settings, "settings");
    requireNonNull(access, "access");
    db.migrate("catalog", MIGRATIONS);
    return new Catalog(db, settings, access);
  }

  /**
   * Publishes every deployment as a route of {@code routes} (source {@code catalog}), republishes
   * after each change and at each revision change in the store, and discovers deployments' tools
   * with {@code lister}, through each deployment's own route.
   */
  public synchronized void serve(RoutingTable routes, ToolLister lister) {
    requireNonNull(routes, "routes");
    requireNonNull(lister, "lister");
    if (serving != null) {
      throw new IllegalStateException("the catalog is already serving");
    }
    ToolDiscovery discovery =
        new ToolDiscovery(ctx, settings.gatewayUrl(), lister, access.discoveryHeaders(), tools);
    Serving s =
        new Serving(
            new CatalogRoutes(
                ctx, routes, access, () -> connections, () -> hosting, discovery::discoverPending),
            discovery);
    serving = s;
    s.routes().start(settings.revisionPoll());
  }

  /**
   * Lets deployments name the connections of their project: {@code connections} gives a named
   * connection's upstream when a deployment is written, and binds its route to the connection when
   * served. Until this is called, such deployments are refused and their routes not served.
   */
  public void bindConnections(DeploymentConnections connections) {
    this.connections = requireNonNull(connections, "connections");
    republish();
  }

  /**
   * Lets deployments of transport {@code stdio} run: {@code hosting} starts their packages and
   * binds their routes. Until this is called, their routes are not served.
   */
  public void bindHosting(DeploymentHosting hosting) {
    this.hosting = requireNonNull(hosting, "hosting");
    republish();
  }

  /**
   * Publishes the deployments' routes again now; the process calls it after a connection changed
   * (here or on another replica), so that routes naming it follow.
   */
  public void republish() {
    ctx.changed();
  }

  /**
   * The read-side joins the catalog's own APIs render with (see {@code io.gatehouse.catalog.http}).
   */
  public CatalogReads reads() {
    return new CatalogReads(ctx);
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

  /** Catalog-as-code import and export. */
  public CatalogDocuments documents() {
    return documents;
  }

  public CatalogSettings settings() {
    return settings;
  }

  /** Who callers are, and how deployments' routes are guarded. */
  public CatalogAccess access() {
    return access;
  }

  Database database() {
    return ctx.db();
  }

  /** Stops publishing and discovering; the store stays open (its owner closes it). */
  @Override
  public synchronized void close() {
    if (serving != null) {
      serving.routes().close();
      serving.discovery().close();
      serving = null;
    }
  }

  private record Serving(CatalogRoutes routes, ToolDiscovery discovery) {}

  /**
   * Forwards the services' notifications to the running routes and discovery, if the catalog
   * serves.
   */
  private final class LiveHooks implements CatalogHooks {
    @Override
    public void routesChanged() {
      Serving s = serving;
      try {
        if (s != null) {
          s.routes().refresh();
        }
      } catch (RuntimeException e) {
        log.warn(
            "catalog: republishing routes after a change failed ({}); the next poll retries",
            e.toString());
      }
    }

    @Override
    public boolean routeTakenElsewhere(String route) {
      Serving s = serving;
      return s != null && s.routes().takenElsewhere(route);
    }

    @Override
    public void checkEgress(String field, java.net.URI url) {
      settings.egress().checkLiteral(field, url);
    }

    @Override
    public Optional<DeploymentConnections.Upstream> connection(String project, String name) {
      DeploymentConnections c = connections;
      return c == null ? Optional.empty() : c.find(project, name);
    }

    @Override
    public java.net.URI checkApi(String route, HostedApi api) {
      DeploymentHosting h = hosting;
      if (h == null) {
        throw new CatalogException(
            CatalogErrors.INVALID_REQUEST,
            "upstream: transport openapi is served once the server has started; try again");
      }
      return h.checkApi(route, api);
    }

    @Override
    public void discover(String deploymentId) {
      Serving s = serving;
      if (s != null) {
        s.discovery().discover(deploymentId);
      }
    }
  }
}
