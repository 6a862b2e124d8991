package io.gatehouse.server;

import io.gatehouse.agent.approve.Approvals;
import io.gatehouse.agent.http.ApprovalPage;
import io.gatehouse.agent.http.ApprovalsApi;
import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogSettings;
import io.gatehouse.catalog.http.AdminApi;
import io.gatehouse.catalog.http.RegistryApi;
import io.gatehouse.connect.ConnectionMonitor;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.consent.Consents;
import io.gatehouse.connect.consent.UserOAuthServers;
import io.gatehouse.connect.consent.UserTokens;
import io.gatehouse.connect.credential.Credentials;
import io.gatehouse.connect.credential.WorkloadKeys;
import io.gatehouse.connect.credential.WorkloadTokens;
import io.gatehouse.connect.http.ConnectionsAdminApi;
import io.gatehouse.connect.http.MyConsentsApi;
import io.gatehouse.connect.oauth.TokenEndpoint;
import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Operators;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.identity.Identity;
import io.gatehouse.identity.http.IdentityAdminApi;
import io.gatehouse.limits.QuotaStore;
import io.gatehouse.limits.http.QuotaUsageApi;
import io.gatehouse.observe.audit.AuditStore;
import io.gatehouse.observe.http.AuditAdminApi;
import io.gatehouse.observe.http.UsageAdminApi;
import io.gatehouse.observe.usage.Usage;
import io.gatehouse.policy.ResourceUrls;
import io.gatehouse.policy.http.PolicyAdminApi;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.DeferredKeys;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.server.config.SecretCache;
import io.gatehouse.server.config.VaultSettings;
import io.gatehouse.store.Database;
import io.gatehouse.vault.Keyring;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultException;
import io.gatehouse.vault.http.VaultAdminApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The store's parts inside the server: opens the store, runs the catalog's and identity's
 * migrations, publishes the catalog's deployments as gateway routes, binds the configured routes'
 * API keys to the identity snapshot, and serves the registry ({@code /v0.1}, {@code /v0}) and admin
 * ({@code /admin/v1}) APIs. Until it is open, those paths answer 503 {@code STARTING}, so the HTTP
 * port (and {@code /healthz}) is up while migrations run.
 */
final class CatalogPart implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CatalogPart.class);
  static final Duration REVISION_POLL = Duration.ofSeconds(1);
  static final String JWKS_PATH = "/.well-known/jwks.json";

  private volatile RegistryApi registry;
  private volatile AdminApi admin;
  private volatile IdentityAdminApi identityAdmin;
  private volatile VaultAdminApi vaultAdmin;
  private volatile ConnectionsAdminApi connectionsAdmin;
  private volatile PolicyAdminApi policyAdmin;
  private volatile AuditAdminApi auditAdmin;
  private volatile UsageAdminApi usageAdmin;
  private volatile QuotaUsageApi quotaUsage;
  private volatile Operators operators;
  private Database database;
  private Catalog catalog;
  private Identity identity;
  private Vault vault;
  private Connections connections;
  private ConnectionMonitor monitor;
  private volatile WorkloadKeys workloadKeys;
  private volatile ConsentPages consentPages;
  private volatile MyConsentsApi myConsents;
  private volatile CatalogGuard guard;
  private final java.util.List<OwnedApi> moreApis =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** An admin API of another part, serving the requests it owns under {@code /admin/v1/}. */
  record OwnedApi(
      java.util.function.Predicate<io.gatehouse.http.HttpRequest> owns, HttpService service) {}

  private volatile ApprovalsApi approvalsApi;
  private volatile ApprovalPage approvalPage;
  private volatile Runnable connectionsChanged = () -> {};
  private volatile BiConsumer<String, String> toolsChanged = (project, name) -> {};

  /** Opens the store and the catalog and starts serving; the caller reports ready afterwards. */
  void open(
      GatehouseConfig config,
      RoutingTable routes,
      Supplier<URI> boundUrl,
      DeferredKeys keys,
      ResourceUrls resources,
      SecretCache secrets) {
    database = Database.open(config.storageUrl());
    identity = Identity.open(database, Clock.systemUTC(), Identity.KEY_POLL);
    keys.bind(identity.apiKeys());
    vault = openVault(config, database);
    secrets.bind(vault);
    CatalogSettings settings = settings(config, boundUrl);
    CatalogGuard guard = new CatalogGuard(keys, config.jwt(), resources, identity::operator);
    this.guard = guard;
    catalog = Catalog.open(database, settings, guard);
    catalog.serve(routes, new CatalogToolLister(config.egress()));
    if (!ConfigLoader.isLoopback(config.listenHost())) {
      log.warn(
          "catalog deployments of versions without access rules are published as open routes; give"
              + " each version a use rule (POST /admin/v1/access-rules) to require a credential");
    }
    registry = new RegistryApi(catalog);
    operators =
        credential ->
            settings.adminToken().test(credential)
                ? Operator.BREAK_GLASS
                : guard.operator(credential);
    identityAdmin = new IdentityAdminApi(identity, operators);
    Vault v = vault;
    vaultAdmin =
        new VaultAdminApi(
            () -> v,
            operators,
            project -> identity.projects().stream().anyMatch(p -> p.name().equals(project)),
            secrets::invalidate);
    workloadKeys = new WorkloadKeys(() -> v, Clock.systemUTC());
    TokenEndpoint tokenEndpoint = new TokenEndpoint(config.egress(), config.validateTimeout());
    Credentials credentials =
        new Credentials(
            () -> v,
            secrets,
            new WorkloadTokens(workloadKeys, settings.publicUrl(), Clock.systemUTC()),
            tokenEndpoint,
            Clock.systemUTC());
    connections =
        Connections.open(
            database,
            () -> v,
            config.egress(),
            Clock.systemUTC(),
            config.validateTimeout(),
            secrets::invalidate,
            credentials);
    connections.bindCatalog(new CatalogConnections(catalog));
    Duration every = config.connections().validateEvery();
    if (!every.isZero()) {
      monitor = ConnectionMonitor.start(connections, database, every, Clock.systemUTC());
    }
    Supplier<URI> callback =
        () ->
            URI.create(
                settings.publicUrl().get().toString().replaceAll("/+$", "") + Consents.CALLBACK);
    UserTokens userTokens =
        new UserTokens(
            () -> v,
            tokenEndpoint,
            new UserOAuthServers(
                () -> v, config.egress(), config.validateTimeout(), callback, Clock.systemUTC()),
            Clock.systemUTC());
    Consents consents =
        new Consents(
            database,
            connections,
            userTokens,
            tokenEndpoint,
            () -> v,
            settings.publicUrl(),
            Clock.systemUTC());
    credentials.bindConsent(userTokens, consents);
    consentPages = new ConsentPages(consents, guard::principal);
    myConsents = new MyConsentsApi(connections, userTokens, operators);
    connectionsAdmin =
        new ConnectionsAdminApi(
            connections,
            operators,
            project -> identity.projects().stream().anyMatch(p -> p.name().equals(project)),
            () -> connectionsChanged.run(),
            (project, name) -> toolsChanged.accept(project, name),
            consents::redirectUrl);
    admin = new AdminApi(catalog);
  }

  /** Serves the audit log and usage from {@code store}, once the traffic engines have it. */
  void observe(AuditStore store) {
    usageAdmin = new UsageAdminApi(new Usage(store), operators, Clock.systemUTC());
    auditAdmin = new AuditAdminApi(store, operators);
  }

  /**
   * The vault, or null while it has no master key (a shared store with neither {@code
   * GATEHOUSE_MASTER_KEY} nor {@code vault.key-file}): the rest of Gatehouse runs, and the secrets
   * API answers {@code VAULT_LOCKED}.
   */
  private static Vault openVault(GatehouseConfig config, Database db) {
    Keyring keys;
    Vault v;
    try {
      keys = config.vault().keyring(Vault.holdsKeys(db));
      if (keys == null) {
        log.warn(
            "vault: locked: no master key{}. Set {} (the same on every replica) or vault.key-file",
            Vault.holdsKeys(db) ? " for the secrets already in the store" : "",
            VaultSettings.MASTER_KEY_ENV);
        return null;
      }
      v = Vault.open(db, keys, Clock.systemUTC());
    } catch (VaultException e) {
      // The rest of Gatehouse runs; the secrets API and the routes that need secrets say why not.
      log.error("vault: locked: {} {}", e.error().key(), e.getMessage());
      return null;
    }
    log.info(
        "vault: open with master key {} ({})",
        keys.primaryId(),
        keys.file() == null ? VaultSettings.MASTER_KEY_ENV : keys.file());
    return v;
  }

  static CatalogSettings settings(GatehouseConfig config, Supplier<URI> boundUrl) {
    // With listen.port 0 and no public-url, the public URL is only known once listening.
    Supplier<URI> publicUrl = config.publicUrl().getPort() == 0 ? boundUrl : config::publicUrl;
    return new CatalogSettings(
        publicUrl,
        boundUrl,
        config.registryAnonymousRead(),
        token -> config.adminToken() != null && config.adminToken().matches(token),
        REVISION_POLL,
        Clock.systemUTC(),
        config.egress());
  }

  /** Serves the policy sets under {@code /admin/v1/policies}, once open. */
  void servePolicies(PolicyAdminApi.Control control) {
    policyAdmin = new PolicyAdminApi(control, operators);
  }

  /**
   * Serves {@code GET /admin/v1/usage/quotas} from {@code store}, with the same operators and
   * project checks as the other admin APIs; call after {@link #open}.
   */
  void serveQuotaUsage(
      java.util.function.Supplier<QuotaStore> store,
      java.util.function.Function<String, String> routeProject) {
    quotaUsage =
        new QuotaUsageApi(
            store, operators, this::projectExists, System::currentTimeMillis, routeProject);
  }

  /**
   * Who an API key or token names outside any route (the REST APIs' callers), or null; once {@link
   * #open} has run.
   */
  io.gatehouse.core.Principal principal(String credential) {
    return guard.principal(credential);
  }

  /**
   * Serves {@code request} with the admin API ({@code /admin/v1/...}) or the registry API ({@code
   * /v0.1/...}) as {@code caller}: the request carries a one-call credential naming the caller, so
   * the APIs' own role checks decide, exactly as for the caller's own key. Errors come back in the
   * API's error shape, as the edge would send them.
   */
  HttpResponse serveAs(Principal caller, Function<String, HttpRequest> request) {
    CatalogGuard g = guard;
    if (g == null) {
      return HttpResponse.error(starting(), ErrorShape.REST);
    }
    String ticket = g.ticket(caller);
    HttpRequest r = null;
    boolean registry = false;
    try {
      r = request.apply(ticket);
      registry = r.path().startsWith("/v0.1/");
      return (registry ? registryService() : adminService()).serve(r);
    } catch (GatehouseException e) {
      return HttpResponse.error(e, registry ? ErrorShape.REGISTRY : ErrorShape.REST);
    } catch (Exception e) {
      log.error("self server: {} failed", r == null ? "a request" : r.method() + " " + r.path(), e);
      return HttpResponse.error(
          new GatehouseException(Errors.INTERNAL_ERROR, "the request failed; see the log"),
          ErrorShape.REST);
    } finally {
      g.forget(ticket);
    }
  }

  /** Serves another part's admin API (agents, models, approvals) under {@code /admin/v1/}. */
  void serve(OwnedApi api) {
    moreApis.add(api);
  }

  /** Who may do what in the admin APIs; once {@link #open} has run. */
  Operators operators() {
    return operators;
  }

  /** Serves the approvals API and pages from {@code store}; call after {@link #open}. */
  void serveApprovals(Supplier<Approvals> store, Supplier<URI> publicUrl) {
    approvalsApi = new ApprovalsApi(store, operators, publicUrl);
    approvalPage = new ApprovalPage(store, operators, publicUrl);
  }

  /** The approval pages of held calls, under {@code /approvals/}. */
  HttpService approvalService() {
    return request -> {
      ApprovalPage p = approvalPage;
      if (p == null) {
        throw starting();
      }
      return p.serve(request);
    };
  }

  /** The store, once {@link #open} has opened it. */
  Database database() {
    return database;
  }

  HttpService registryService() {
    return request -> {
      RegistryApi r = registry;
      if (r == null) {
        throw starting();
      }
      return r.serve(request);
    };
  }

  HttpService adminService() {
    return request -> {
      AdminApi a = admin;
      IdentityAdminApi i = identityAdmin;
      VaultAdminApi v = vaultAdmin;
      ConnectionsAdminApi c = connectionsAdmin;
      MyConsentsApi me = myConsents;
      PolicyAdminApi p = policyAdmin;
      if (a == null || i == null || v == null || c == null || me == null || p == null) {
        throw starting();
      }
      if (p.owns(request)) {
        return p.serve(request);
      }
      for (OwnedApi more : moreApis) {
        if (more.owns().test(request)) {
          return more.service().serve(request);
        }
      }
      if (me.owns(request)) {
        return me.serve(request);
      }
      ApprovalsApi approvals = approvalsApi;
      if (approvals != null && approvals.owns(request)) {
        return approvals.serve(request);
      }
      QuotaUsageApi q = quotaUsage;
      if (q != null && q.owns(request)) {
        return q.serve(request);
      }
      AuditAdminApi audit = auditAdmin;
      UsageAdminApi usage = usageAdmin;
      if (audit == null || usage == null) {
        throw starting();
      }
      if (audit.owns(request)) {
        return audit.serve(request);
      }
      if (usage.owns(request)) {
        return usage.serve(request);
      }
      if (v.owns(request)) {
        return v.serve(request);
      }
      if (c.owns(request)) {
        return c.serve(request);
      }
      return i.owns(request) ? i.serve(request) : a.serve(request);
    };
  }

  /**
   * The public keys of Gatehouse's workload identity tokens (RFC 7517 JWK set), for upstreams that
   * verify them.
   */
  HttpService jwksService() {
    return request -> {
      HttpResponse notRead = OpsService.readOnly(request);
      if (notRead != null) {
        return notRead;
      }
      WorkloadKeys keys = workloadKeys;
      if (keys == null) {
        throw starting();
      }
      if (!request.path().equals(JWKS_PATH)) {
        throw new GatehouseException(
            Errors.NOT_FOUND,
            "nothing at " + request.path() + " (the keys are at " + JWKS_PATH + ")");
      }
      byte[] body =
          keys.publicKeys().toString(true).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return HttpResponse.json(200, body).header("Cache-Control", "max-age=300");
    };
  }

  /** The consent pages of per-user connections, under {@code /oauth/}. */
  HttpService consentService() {
    return request -> {
      ConsentPages p = consentPages;
      if (p == null) {
        throw starting();
      }
      return p.serve(request);
    };
  }

  private static GatehouseException starting() {
    return new GatehouseException(
        Errors.STARTING, "the catalog is starting (store migrations are running)");
  }

  Catalog catalog() {
    return catalog;
  }

  Identity identity() {
    return identity;
  }

  /** Whether the store has project {@code name}. */
  boolean projectExists(String name) {
    return identity.projects().stream().anyMatch(p -> p.name().equals(name));
  }

  /** Tells {@code listener} after the admin API changes a connection. */
  void connectionsChanged(Runnable listener) {
    connectionsChanged = listener;
  }

  /** Tells {@code listener} (project, connection name) after a refresh found the tools changed. */
  void toolsChanged(BiConsumer<String, String> listener) {
    toolsChanged = listener;
  }

  Connections connections() {
    return connections;
  }

  /** The vault, or null while it is locked. */
  Vault vault() {
    return vault;
  }

  @Override
  public void close() {
    registry = null;
    admin = null;
    identityAdmin = null;
    vaultAdmin = null;
    connectionsAdmin = null;
    auditAdmin = null;
    usageAdmin = null;
    if (monitor != null) {
      monitor.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    if (identity != null) {
      identity.close();
    }
    if (database != null) {
      database.close();
    }
  }
}
