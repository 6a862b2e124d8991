package io.gatehouse.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The configuration file's shape, as written (keys are kebab-case: {@code public-url}). Values stay
 * strings here; {@link ConfigLoader} parses and checks them, so every error can name its key.
 */
record RawConfig(
    Listen listen,
    String publicUrl,
    String dataDir,
    Storage storage,
    Admin admin,
    tools.jackson.databind.JsonNode redis,
    Gateway gateway,
    Sessions sessions,
    List<Route> routes,
    Registry registry,
    List<String> trustedProxies,
    String forwardedHeader,
    Ip ip,
    Auth auth,
    Map<String, Project> projects,
    Vault vault,
    Egress egress,
    Connections connections,
    tools.jackson.databind.JsonNode policies,
    tools.jackson.databind.JsonNode audit,
    tools.jackson.databind.JsonNode metrics,
    tools.jackson.databind.JsonNode tracing,
    tools.jackson.databind.JsonNode agents,
    tools.jackson.databind.JsonNode models,
    tools.jackson.databind.JsonNode responses,
    Cluster cluster,
    SelfServer selfServer) {

  /** Top-level {@code self-server:}: Gatehouse's own MCP server at {@code /mcp/gatehouse}. */
  record SelfServer(String enabled) {}

  /** Top-level {@code cluster:}: this replica's peer port ({@link ClusterConfig}). */
  record Cluster(String peerListen, String peerUrl, String peerExpiry) {}

  /**
   * Top-level {@code connections:}: how connections are validated, and those the file defines (kept
   * as a tree: {@link ConnectionsConfig} checks them and names each key).
   */
  record Connections(
      String validateTimeout, String validateEvery, tools.jackson.databind.JsonNode define) {}

  /** Top-level {@code egress:}: which addresses Gatehouse itself may connect to. */
  record Egress(
      List<String> allow,
      List<String> deny,
      String loopback,
      @JsonProperty("private") String privateRanges) {}

  /** Top-level {@code vault:}: where the master keys are (never the keys themselves). */
  record Vault(String keyFile) {}

  /** Top-level {@code projects.NAME}: rules every route of the project applies too. */
  record Project(Rules tools, Rules prompts, Rules resources) {}

  /** Top-level {@code auth:}: how bearer tokens are checked on routes that take {@code jwt}. */
  record Auth(Jwt jwt) {}

  record Jwt(
      String issuer,
      String jwksUrl,
      String audience,
      Claims claims,
      String clockSkew,
      List<String> scopes,
      Map<String, List<String>> toolScopes) {}

  record Claims(String subject, String groups) {}

  record Listen(String host, String port, String ioThreads) {}

  record Storage(String url) {}

  record Admin(String token) {}

  record Registry(String anonymousRead) {}

  record Gateway(
      String maxRequestSize,
      String maxResponseSize,
      List<String> allowedHosts,
      List<String> allowedOrigins,
      String keepAlive,
      String sseAfter,
      String sseRetry,
      String resumeWindow,
      String resumeBufferSize,
      Bridge bridge) {}

  /** {@code gateway.bridge:}: the forward era bridge's pool and holds ({@link BridgeConfig}). */
  record Bridge(String idle, String maxSessions, String inputWait) {}

  record Sessions(String key, String ttl) {}

  /**
   * @param auth {@code none} or a list of methods; kept as a tree, since it is either
   */
  record Route(
      String name,
      Upstream upstream,
      Timeouts timeouts,
      Ip ip,
      tools.jackson.databind.JsonNode auth,
      Jwt authJwt,
      Rules tools,
      Rules prompts,
      Rules resources,
      String project,
      String connection,
      tools.jackson.databind.JsonNode policies) {}

  /** Allow and deny globs for one kind of name, with lists for single consumers and groups. */
  record Rules(
      List<String> allow,
      List<String> deny,
      @JsonProperty("default") String defaultDecision,
      Map<String, Lists> consumers,
      Map<String, Lists> groups) {}

  record Lists(List<String> allow, List<String> deny) {}

  record Ip(List<String> allow, List<String> deny) {}

  /**
   * @param spec, baseUrl, include, exclude for {@code transport: openapi} only
   * @param command the program of a {@code transport: stdio} upstream; {@code args} to {@code
   *     max-processes} belong to it too
   * @param protocol the upstream's protocol era: {@code auto} (the default), {@code 2026-07-28} or
   *     {@code 2025-11-25}
   */
  record Upstream(
      String url,
      String transport,
      Map<String, String> headers,
      String spec,
      @JsonProperty("base-url") String baseUrl,
      Pick include,
      Pick exclude,
      String command,
      List<String> args,
      Map<String, String> env,
      String cwd,
      String isolation,
      String idleTimeout,
      String maxProcesses,
      List<Source> sources,
      Limits limits,
      String sharedAcrossPrincipals,
      String protocol) {}

  /** A source of a virtual route. */
  record Source(
      String route,
      String prefix,
      List<String> tools,
      List<String> prompts,
      List<String> resources) {}

  /** A stdio upstream's resource limits, each optional. */
  record Limits(String memory, String cpuSeconds, String openFiles, String processes) {}

  /** OpenAPI operations picked by tag or operation id. */
  record Pick(List<String> tags, List<String> operations) {}

  record Timeouts(String connect, String request) {}
}
