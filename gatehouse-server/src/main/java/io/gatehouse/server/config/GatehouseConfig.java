package io.gatehouse.server.config;

import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.IpRules;
import io.gatehouse.policy.JwtVerifier;
import io.gatehouse.policy.TrustedProxies;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The validated configuration of one Gatehouse process.
 *
 * @param listenHost the address to listen on
 * @param listenPort the port; 0 picks a free one
 * @param ioThreads how many I/O event loops serve connections; 0 means one per CPU
 * @param publicUrl how clients reach this process; catalogs advertise gateway URLs under it
 * @param dataDir where the embedded store and the generated session key live
 * @param storageUrl the JDBC URL of the store
 * @param adminToken the admin API's bearer token, or null to generate a one-time token at start
 * @param gateway data-plane settings
 * @param sessionKey the base64 session-sealing key, or null to use the one in the data directory
 * @param routes the routes of the {@code routes:} list
 * @param source the file it was read from, or null for embedded defaults only
 * @param registryAnonymousRead whether the registry API ({@code GET /v0.1/...}) answers without the
 *     admin token
 * @param trustedProxies the proxies whose forwarding headers name the caller ({@code
 *     trusted-proxies})
 * @param ip the gateway-wide address rules (top-level {@code ip:}); each route may add its own
 * @param jwt the verifier of the top-level {@code auth.jwt}, or null when it is not set; the
 *     registry, the admin API and the catalog's deployments accept its tokens
 * @param vault where the vault's master keys come from
 * @param connections how often connections are validated, and those the file defines
 * @param agents the agents the file defines ({@code agents:}), made to match at start and reload
 * @param models the model providers the file defines ({@code models.providers})
 * @param responses the agent runtime's limits and retention ({@code responses:})
 * @param hosted the stdio servers of the routes with {@code upstream.transport: stdio}, by route
 * @param cluster this replica's peer port ({@code cluster:})
 * @param virtualRoutes the virtual servers of the routes with {@code upstream.transport: virtual},
 *     by route
 * @param bridge the forward era bridge's pool and holds ({@code gateway.bridge:}); its replica id
 *     is replaced by the cluster's at start
 */
public record GatehouseConfig(
    String listenHost,
    int listenPort,
    int ioThreads,
    URI publicUrl,
    Path dataDir,
    String storageUrl,
    Secret adminToken,
    GatewaySettings gateway,
    Secret sessionKey,
    List<RouteDefinition> routes,
    Path source,
    boolean registryAnonymousRead,
    TrustedProxies trustedProxies,
    IpRules ip,
    JwtVerifier jwt,
    VaultSettings vault,
    Egress egress,
    java.time.Duration validateTimeout,
    java.util.Map<String, ConnectionRef> routeConnections,
    ConnectionSettings connections,
    TrafficConfig traffic,
    List<io.gatehouse.agent.define.AgentSync.Wanted> agents,
    ModelsSettings models,
    io.gatehouse.agent.run.RunSettings responses,
    java.util.Map<String, io.gatehouse.hosting.openapi.OpenApiRoute> openApiRoutes,
    java.util.Map<String, io.gatehouse.hosting.StdioHosting.Hosted> hosted,
    ClusterSettings cluster,
    java.util.Map<String, io.gatehouse.hosting.virtual.VirtualServer> virtualRoutes,
    boolean selfServer,
    io.gatehouse.gateway.BridgeSettings bridge) {

  /** The connection a route names ({@code routes[].connection}), in the route's project. */
  public record ConnectionRef(String project, String name) {}

  public GatehouseConfig {
    routes = List.copyOf(routes);
    routeConnections = java.util.Map.copyOf(routeConnections);
    traffic = traffic == null ? TrafficConfig.NONE : traffic;
    agents = agents == null ? List.of() : List.copyOf(agents);
    models = models == null ? ModelsSettings.NONE : models;
    responses = responses == null ? io.gatehouse.agent.run.RunSettings.DEFAULTS : responses;
    openApiRoutes =
        openApiRoutes == null ? java.util.Map.of() : java.util.Map.copyOf(openApiRoutes);
    hosted = hosted == null ? java.util.Map.of() : java.util.Map.copyOf(hosted);
    cluster = cluster == null ? ClusterSettings.NONE : cluster;
    virtualRoutes =
        virtualRoutes == null ? java.util.Map.of() : java.util.Map.copyOf(virtualRoutes);
    bridge = bridge == null ? io.gatehouse.gateway.BridgeSettings.defaults() : bridge;
  }

  /** This configuration with {@code token} as the admin token. */
  public GatehouseConfig withAdminToken(Secret token) {
    return new GatehouseConfig(
        listenHost,
        listenPort,
        ioThreads,
        publicUrl,
        dataDir,
        storageUrl,
        token,
        gateway,
        sessionKey,
        routes,
        source,
        registryAnonymousRead,
        trustedProxies,
        ip,
        jwt,
        vault,
        egress,
        validateTimeout,
        routeConnections,
        connections,
        traffic,
        agents,
        models,
        responses,
        openApiRoutes,
        hosted,
        cluster,
        virtualRoutes,
        selfServer,
        bridge);
  }
}
