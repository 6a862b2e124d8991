package io.gatehouse.server;

import static java.util.Objects.requireNonNull;

import io.gatehouse.agent.http.ApprovalPage;
import io.gatehouse.agent.http.ResponsesEndpoint;
import io.gatehouse.catalog.Catalog;
import io.gatehouse.cluster.PeerKey;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.mrtr.RequestStateSealer;
import io.gatehouse.hosting.openapi.OpenApiHosting;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.IoLoops;
import io.gatehouse.identity.Identity;
import io.gatehouse.policy.CallerAddress;
import io.gatehouse.policy.ResourceUrls;
import io.gatehouse.policy.traffic.PolicySetException;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.selfmcp.SelfServer;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.DeferredKeys;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.server.config.SecretCache;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Gatehouse process: the HTTP edge on Netty event loops serving the gateway ({@code
 * /mcp/...}), the tool catalog ({@code /v0.1/...}, {@code /admin/v1/...}) and the operations
 * endpoints, with routes from the configuration file and the catalog kept up to date while it runs.
 */
public final class GatehouseServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatehouseServer.class);
  static final String CONFIG_SOURCE = "config";

  /** Bodies the REST APIs take (the admin API, registry publishing). */
  static final int MAX_API_BODY = 1024 * 1024;

  private final GatehouseConfig config;
  private final RoutingTable routes = new RoutingTable();
  private final IoLoops loops;
  private final Gateway gateway;
  private final CatalogPart catalog = new CatalogPart();
  private final ConfigWatcher watcher;
  private final ConfigRoutes configRoutes;
  private final ConfigConnections configConnections = new ConfigConnections();
  private final TrafficEngines engines;
  private final TrafficPolicies traffic;
  private final PolicySets policySets;
  private final AgentPart agents = new AgentPart();
  private final SelfPart self = new SelfPart(catalog);
  private final OpenApiHosting openApi;
  private final DeferredKeys keys;
  private final ResourceUrls resources;
  private final SecretCache secrets;
  private final HostingPart hosting;
  private final ClusterPart cluster;
  private final VirtualPart virtual;
  private HttpEdge edge;
  private volatile boolean ready;

  private GatehouseServer(GatehouseConfig config, ConfigLoader loader) {
    this.config = requireNonNull(config, "config");
    this.keys = loader.keys();
    this.resources = loader.resources();
    this.secrets = loader.secrets();
    resources.bind(config.publicUrl().getPort() == 0 ? this::url : config::publicUrl);
    this.engines = new TrafficEngines(config, secrets);
    engines.publicUrl(() -> URI.create(resources.root()));
    this.traffic = new TrafficPolicies(engines.parts());
    TrafficPolicies.Sets sets = TrafficPolicies.Sets.of(config.traffic());
    Problems problems = traffic.check(sets, config.routes());
    if (!problems.isEmpty()) {
      engines.close();
      throw new ConfigException(new PolicySetException(problems.list()).getMessage());
    }
    traffic.use(sets);
    routes.decorate(traffic);
    this.policySets = new PolicySets(traffic, routes, java.time.Clock.systemUTC());
    byte[] sessionKey = SessionKeys.load(config.sessionKey(), config.dataDir());
    this.cluster = new ClusterPart(config.cluster(), sessionKey);
    this.hosting = new HostingPart(config.dataDir(), secrets, cluster.peers());
    this.virtual = new VirtualPart(agents.seal(), this::url, cluster.peers(), sessionKey);
    this.configRoutes = new ConfigRoutes(routes, config, hosting, virtual);
    this.openApi = new OpenApiHosting(config.egress());
    configRoutes.configure(config);
    SessionSealer sealer = new SessionSealer(sessionKey);
    this.loops = IoLoops.start(config.ioThreads());
    Gateway.Builder builder =
        Gateway.builder(loops, routes, sealer)
            .settings(config.gateway())
            .egress(config.egress())
            // the bridge names its held calls by the replica id the peer port uses (decision 21)
            .bridge(config.bridge().withReplica(cluster.peers().self()))
            .forwarder(new PeerForwarder(cluster.peers()))
            .requestStates(
                new RequestStateSealer(
                    PeerKey.deriveShared(sessionKey, RequestStateSealer.KEY_LABEL)));
    builder.policy(Phase.AUTHENTICATE, agents.policy());
    if (!config.trustedProxies().blocks().isEmpty() || !config.ip().isEmpty()) {
      builder.policy(Phase.AUTHENTICATE, new CallerAddress(config.trustedProxies(), config.ip()));
    }
    this.gateway = builder.build();
    engines.bindGateway(gateway, routes);
    this.watcher =
        config.source() == null
            ? null
            : new ConfigWatcher(
                config.source(),
                loader,
                routes,
                configRoutes,
                configConnections,
                traffic,
                config,
                agents::apply);
  }

  private HttpEdge edge() {
    OpsService ops = new OpsService(routes, () -> ready);
    HttpEdge.Builder edge = HttpEdge.builder(loops);
    engines.metricsEndpoint().ifPresent(m -> edge.mount("/metrics", m, ErrorShape.REST, 0));
    return edge.listen(config.listenHost(), config.listenPort())
        .mount("/healthz", ops.health(), ErrorShape.REST, 0)
        .mount("/readyz", ops.readiness(), ErrorShape.REST, 0)
        .mount(ResourceMetadata.PREFIX + "/", new ResourceMetadata(routes), ErrorShape.REST, 0)
        .mount(CatalogPart.JWKS_PATH, catalog.jwksService(), ErrorShape.REST, 0)
        .mount("/oauth/", catalog.consentService(), ErrorShape.REST, 16 * 1024)
        .mount(ApprovalPage.PREFIX + "/", catalog.approvalService(), ErrorShape.REST, 16 * 1024)
        .mount("/mcp/", gateway.endpoint())
        .mount(
            io.gatehouse.hosting.StdioHosting.PREFIX,
            hosting.service(),
            ErrorShape.REST,
            config.gateway().maxRequestBytes())
        .mount("/v0.1/", catalog.registryService(), ErrorShape.REGISTRY, MAX_API_BODY)
        .mount("/v0/", catalog.registryService(), ErrorShape.REGISTRY, MAX_API_BODY)
        .mount("/admin/v1/", catalog.adminService(), ErrorShape.REST, MAX_API_BODY)
        .mount("/v1/", agents.service(), ErrorShape.OPENAI, ResponsesEndpoint.MAX_BODY)
        .mount(OpenApiHosting.PREFIX, openApi.service(), ErrorShape.REST, MAX_API_BODY)
        .mount(
            io.gatehouse.hosting.virtual.VirtualHosting.PREFIX,
            virtual.service(),
            ErrorShape.REST,
            config.gateway().maxRequestBytes())
        .mount(SelfServer.PREFIX, self.service(), ErrorShape.REST, MAX_API_BODY)
        .start();
  }

  /**
   * Starts a server; it is ready to serve when this returns. The HTTP port opens first, so {@code
   * /healthz} answers (and {@code /readyz} says starting) while the store's migrations run.
   */
  public static GatehouseServer start(GatehouseConfig config, ConfigLoader loader)
      throws Exception {
    GatehouseServer server = new GatehouseServer(config, loader);
    try {
      server.edge = server.edge();
      server.configRoutes.bindHosting(server.openApi, server::url);
      server.hosting.listening(server.url());
      server.virtual.listening(server.url());
      if (config.selfServer()) {
        server.routes.publish(
            SelfPart.SOURCE,
            java.util.List.of(
                server.self.route(server.url(), server.keys, config.jwt(), server.resources)));
      }
      server.configRoutes.hostingListens();
      server.catalog.open(
          config, server.routes, server::url, server.keys, server.resources, server.secrets);
      server.engines.open(server.catalog.database());
      server.cluster.open(
          server.loops,
          server.catalog.database(),
          java.util.Map.of(
              io.gatehouse.hosting.StdioHosting.PREFIX,
              server.hosting.peerService(),
              io.gatehouse.hosting.virtual.VirtualHosting.PREFIX,
              server.virtual.peerService()),
          server.gateway.peerEndpoint(),
          config.gateway().maxRequestBytes());
      server.catalog.serveApprovals(
          server.engines::approvals, () -> URI.create(server.resources.root()));
      server.policySets.open(server.catalog.database());
      server.catalog.servePolicies(server.policySets);
      server.catalog.observe(server.engines.auditStore());
      CatalogPart catalog = server.catalog;
      server.engines.bindConnections(
          () -> catalog.connections() == null ? 0 : catalog.connections().all().size());
      RoutingTable table = server.routes;
      server.catalog.serveQuotaUsage(
          server.engines.limits()::store,
          name -> {
            io.gatehouse.gateway.RouteDefinition r = table.current().route(name);
            return r == null ? null : r.project();
          });
      server.catalog.connectionsChanged(server.configRoutes::changed);
      server.configConnections.bind(server.catalog.connections(), server.catalog::projectExists);
      server.configConnections.apply(config);
      ConnectionBinding binding = new ConnectionBinding(server.catalog.connections());
      server.configRoutes.bind(
          server.catalog.connections(), binding, server.catalog.catalog()::republish);
      server.catalog.catalog().bindConnections(binding);
      server.catalog.catalog().bindHosting(new CatalogHosting(server.hosting, server.openApi));
      server.agents.open(
          server.catalog.database(),
          server.routes,
          new io.gatehouse.agent.tools.AgentRoutes.Binder() {
            @Override
            public Object version(String project, String name) {
              return catalog.connections().find(project, name).orElse(null);
            }

            @Override
            public io.gatehouse.gateway.RouteDefinition bind(
                io.gatehouse.gateway.RouteDefinition route, String project, String name) {
              return binding.bind(route, project, name);
            }
          },
          server::url,
          () -> CatalogPart.settings(config, server::url).publicUrl().get(),
          server.catalog::vault,
          server.engines.approvals(),
          config,
          server.catalog::principal,
          server.catalog.identity()::operator,
          (project, name) -> catalog.connections().find(project, name).isPresent());
      server.agents.apply(config);
      server.agents.adminApis(catalog.operators(), catalog::projectExists).forEach(catalog::serve);
      ToolsChangedNotice notice =
          new ToolsChangedNotice(
              server.gateway, server.routes, binding, server.agents::toolsChanged);
      AgentPart agents = server.agents;
      server.catalog.toolsChanged(
          (project, name) -> {
            notice.send(project, name);
            agents.connectionToolsChanged(project, name);
          });
    } catch (Exception e) {
      server.close();
      throw e;
    }
    if (server.watcher != null) {
      server.watcher.start();
    }
    server.ready = true;
    return server;
  }

  /** The port actually bound (useful with {@code listen.port: 0}). */
  public int port() {
    return edge.port();
  }

  /** The base URL to reach this process at, with the port actually bound. */
  public URI url() {
    String host = config.listenHost().equals("0.0.0.0") ? "127.0.0.1" : config.listenHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  public RoutingTable routes() {
    return routes;
  }

  public GatehouseConfig config() {
    return config;
  }

  /** The vault, or null while it has no master key. */
  public io.gatehouse.vault.Vault vault() {
    return catalog.vault();
  }

  /** The projects' connections to upstream MCP servers. */
  public io.gatehouse.connect.Connections connections() {
    return catalog.connections();
  }

  /** Projects, consumers and API keys. */
  public Identity identity() {
    return catalog.identity();
  }

  /** The tool catalog this process serves. */
  public Catalog catalog() {
    return catalog.catalog();
  }

  public boolean isReady() {
    return ready;
  }

  /** The stdio servers this process hosts. */
  public io.gatehouse.hosting.StdioHosting hosting() {
    return hosting.hosting();
  }

  /** This replica's id among its peers (it prefixes the ids of the hosted sessions it holds). */
  public String replicaId() {
    return cluster.peers().self();
  }

  /** The port of this replica's peer port ({@code cluster.peer-listen}), or -1 without one. */
  public int peerPort() {
    return cluster.peerPort();
  }

  /** The traffic parts' engines: their meters, the upstreams' breakers and bulkheads. */
  TrafficEngines traffic() {
    return engines;
  }

  /** What the last reload of the configuration file did, or null before the first change. */
  public ConfigWatcher.Reload lastReload() {
    return watcher == null ? null : watcher.last();
  }

  @Override
  public void close() {
    ready = false;
    if (watcher != null) {
      watcher.close();
    }
    if (edge != null) {
      try {
        edge.close();
      } catch (RuntimeException e) {
        log.warn("stopping the HTTP edge: {}", e.toString());
      }
    }
    configRoutes.close();
    cluster.close();
    hosting.close();
    agents.close();
    policySets.close();
    engines.close();
    catalog.close();
    gateway.close();
    loops.close();
  }
}
