package io.gatehouse.server.config;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Principal;
import io.gatehouse.core.RouteName;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Cidr;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.RoutePolicies;
import io.gatehouse.gateway.RouteTimeouts;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamProtocol;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.hosting.Isolation;
import io.gatehouse.hosting.StdioHosting;
import io.gatehouse.hosting.StdioServer;
import io.gatehouse.policy.AuthMethod;
import io.gatehouse.policy.Glob;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.IpFilter;
import io.gatehouse.policy.IpRules;
import io.gatehouse.policy.JwtSettings;
import io.gatehouse.policy.JwtVerifier;
import io.gatehouse.policy.NameRules;
import io.gatehouse.policy.ResourceUrls;
import io.gatehouse.policy.ToolAccess;
import io.gatehouse.policy.ToolScopes;
import io.gatehouse.policy.TrustedProxies;
import io.gatehouse.policy.UpstreamSecrets;
import io.gatehouse.policy.traffic.PolicySetException;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads the configuration: embedded defaults ({@code gatehouse-defaults.yaml}), then the file, then
 * {@code GATEHOUSE_<PATH>} environment variables, then {@code ${env:NAME}} references; then checks
 * every value. Anything wrong is a {@link ConfigException} naming the key.
 */
public final class ConfigLoader {
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|secret):([A-Za-z0-9_.-]+)}");
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Map<String, String> env;
  private final DeferredKeys keys = new DeferredKeys();
  private final SecretCache secrets = new SecretCache();
  private static final Pattern UPSTREAM_HEADER =
      Pattern.compile("routes\\[\\d+]\\.upstream\\.headers\\.[^.]+");

  /** Where a policy set's templates may name vault secrets: header and query values. */
  private static final Pattern POLICY_TEMPLATE =
      Pattern.compile(
          "(routes\\[\\d+]\\.)?policies\\.(.+\\.)?(headers\\.(set|append)|query\\.set)\\..+");

  private final ResourceUrls resources = new ResourceUrls(() -> URI.create("http://127.0.0.1"));
  private final Map<JwtSettings, JwtVerifier> verifiers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Egress.Resolver resolver = Egress.SYSTEM;

  /** The connections the routes of the configuration being converted name. */
  private Map<String, GatehouseConfig.ConnectionRef> routeConnections = new java.util.HashMap<>();

  /** The routes of the configuration being converted that serve an OpenAPI document. */
  private Map<String, io.gatehouse.hosting.openapi.OpenApiRoute> openApiRoutes =
      new java.util.HashMap<>();

  /** The directory relative OpenAPI document paths are read from: the file's own. */
  private Path configDir = Path.of(".");

  /** The stdio servers of the routes of the configuration being converted. */
  private Map<String, StdioHosting.Hosted> hosted = new java.util.HashMap<>();

  /** The virtual servers of the routes of the configuration being converted. */
  private Map<String, io.gatehouse.hosting.virtual.VirtualServer> virtuals =
      new java.util.LinkedHashMap<>();

  /** Where a route's stdio server env values may name vault secrets (read when it starts). */
  private static final Pattern UPSTREAM_ENV =
      Pattern.compile("routes\\[\\d+]\\.upstream\\.env\\..+");

  /** Where the file's connections are ({@code connections} or {@code connections.define}). */
  private String connectionsAt;

  /** What is wrong with the file's connections, all reported at once. */
  private List<String> connectionProblems = new ArrayList<>();

  /** What is wrong with the file's model providers, all reported at once. */
  private List<String> modelProblems = new ArrayList<>();

  /** The egress rules of the configuration being converted. */
  private Egress egress = Egress.defaults();

  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The routes' resource URLs, bound to the public URL once the server listens. */
  public ResourceUrls resources() {
    return resources;
  }

  /** The vault values the routes' upstream headers use, bound once the store is open. */
  public SecretCache secrets() {
    return secrets;
  }

  /**
   * Looks names up with {@code resolver} wherever Gatehouse connects (a seam: tests resolve no name
   * through a real DNS).
   */
  public ConfigLoader resolver(Egress.Resolver resolver) {
    this.resolver = requireNonNull(resolver, "resolver");
    return this;
  }

  /** The API keys every route this loader builds checks against; bound when the store opens. */
  public DeferredKeys keys() {
    return keys;
  }

  /**
   * @param file the YAML file, or null for the embedded defaults alone
   */
  public GatehouseConfig load(Path file) {
    ObjectNode tree = defaults();
    connectionsAt = "connections." + ConnectionsConfig.DEFINE;
    if (file != null) {
      ObjectNode own = (ObjectNode) read(file);
      connectionsAt = ConnectionsConfig.normalize(own);
      merge(tree, own);
    }
    EnvOverrides.apply(tree, env)
        .forEach(name -> log.warn("{} matches no configuration key; ignored", name));
    connectionProblems = new ArrayList<>();
    ConnectionsConfig.prepare(tree, connectionsAt, connectionProblems);
    modelProblems = new ArrayList<>();
    ModelsConfig.prepare(tree, modelProblems);
    resolveReferences(tree, "");
    RawConfig raw;
    try {
      raw = YAML.treeToValue(tree, RawConfig.class);
    } catch (JacksonException e) {
      throw new ConfigException(
          "configuration" + (file == null ? "" : " " + file) + ": " + e.getOriginalMessage());
    }
    return convert(raw, file);
  }

  private static ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/gatehouse-defaults.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("the embedded defaults are missing from the jar", e);
    }
  }

  private static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("--config: '" + file + "' is not a readable file");
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(
            file + ": the top level must be a mapping of keys such as listen:, routes:");
      }
      return node;
    } catch (JacksonException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  /** Deep-merges {@code over} into {@code base}: mappings merge, everything else replaces. */
  static void merge(ObjectNode base, JsonNode over) {
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      JsonNode existing = base.get(e.getKey());
      if (existing instanceof ObjectNode b && e.getValue() instanceof ObjectNode o) {
        merge(b, o);
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
  }

  private void resolveReferences(JsonNode node, String path) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getValue().isString()) {
          o.set(e.getKey(), StringNode.valueOf(resolve(p, e.getValue().stringValue())));
        } else {
          resolveReferences(e.getValue(), p);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isString()) {
          ((tools.jackson.databind.node.ArrayNode) node)
              .set(i, StringNode.valueOf(resolve(path + "[" + i + "]", item.stringValue())));
        } else {
          resolveReferences(item, path + "[" + i + "]");
        }
      }
    }
  }

  private String resolve(String key, String value) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      if (m.group(1).equals("secret")) {
        if (!UPSTREAM_HEADER.matcher(key).matches()
            && !UPSTREAM_ENV.matcher(key).matches()
            && !POLICY_TEMPLATE.matcher(key).matches()
            && !ConnectionsConfig.SECRET_KEYS.matcher(key).matches()) {
          throw new ConfigException(
              key
                  + ": ${secret:"
                  + m.group(2)
                  + "} is read from the vault on each upstream request, so it may stand only in"
                  + " routes[].upstream.headers and env, connections[].auth headers and query, and a"
                  + " policy set's headers.set, headers.append and query.set; use"
                  + " ${env:NAME} here");
        }
        // left as written: the route's UpstreamSecrets policy fills it in per request
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
        continue;
      }
      if (UPSTREAM_ENV.matcher(key).matches() && m.group(2).startsWith("GATEHOUSE_")) {
        throw new ConfigException(
            key
                + ": ${env:"
                + m.group(2)
                + "} would hand Gatehouse's own settings to a child process (expected: a variable"
                + " not named GATEHOUSE_*, or ${secret:NAME})");
      }
      String v = env.get(m.group(2));
      if (v == null) {
        throw new ConfigException(
            key + ": ${env:" + m.group(2) + "} refers to an environment variable that is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private GatehouseConfig convert(RawConfig raw, Path file) {
    String host = require("listen.host", raw.listen() == null ? null : raw.listen().host());
    int port = Values.port("listen.port", require("listen.port", raw.listen().port()));
    int ioThreads = Values.count("listen.io-threads", raw.listen().ioThreads(), 0, 256);
    URI publicUrl = publicUrl(raw.publicUrl(), host, port);
    Path dataDir = Path.of(require("data-dir", raw.dataDir()));
    String storage =
        raw.storage() == null || blank(raw.storage().url())
            ? "jdbc:sqlite:" + dataDir.resolve("gatehouse.db")
            : raw.storage().url();
    Secret admin =
        raw.admin() == null || blank(raw.admin().token()) ? null : Secret.of(raw.admin().token());
    RawConfig.Sessions sessions =
        raw.sessions() == null ? new RawConfig.Sessions(null, null) : raw.sessions();
    Duration ttl =
        Values.duration("sessions.ttl", sessions.ttl(), GatewaySettings.defaults().sessionTtl());
    if (ttl.isZero() || ttl.isNegative()) {
      throw new ConfigException(
          "sessions.ttl: '" + sessions.ttl() + "' (expected: more than 0, such as 24h)");
    }
    GatewaySettings gateway = gateway(raw.gateway(), ttl, host, publicUrl);
    Secret key = blank(sessions.key()) ? null : Secret.of(sessions.key().trim());
    boolean anonymousRead =
        Values.bool(
            "registry.anonymous-read",
            raw.registry() == null ? null : raw.registry().anonymousRead(),
            true);
    TrustedProxies proxies =
        new TrustedProxies(
            cidrs("trusted-proxies", raw.trustedProxies()), forwardedHeader(raw.forwardedHeader()));
    IpRules ip = ipRules("ip", raw.ip());
    RawConfig.Jwt topJwt = raw.auth() == null ? null : raw.auth().jwt();
    egress = egress(raw.egress(), host, storage);
    routeConnections = new java.util.HashMap<>();
    openApiRoutes = new java.util.HashMap<>();
    configDir =
        file == null || file.toAbsolutePath().getParent() == null
            ? Path.of(".")
            : file.toAbsolutePath().getParent();
    hosted = new java.util.HashMap<>();
    virtuals = new java.util.LinkedHashMap<>();
    List<RouteDefinition> routes =
        routes(withProjectRules(raw.routes(), raw.projects()), host, topJwt);
    checkVirtuals(routes);
    return new GatehouseConfig(
        host,
        port,
        ioThreads,
        publicUrl,
        dataDir,
        storage,
        admin,
        gateway,
        key,
        routes,
        file,
        anonymousRead,
        proxies,
        ip,
        topJwt == null ? null : verifier("auth", topJwt, null),
        vault(raw.vault(), dataDir, storage),
        egress,
        Values.duration(
            "connections.validate-timeout",
            raw.connections() == null ? null : raw.connections().validateTimeout(),
            Duration.ofSeconds(10)),
        routeConnections,
        connectionSettings(raw.connections()),
        traffic(raw),
        AgentsConfig.defined(raw.agents()),
        models(raw.models()),
        ResponsesConfig.settings(raw.responses()),
        openApiRoutes,
        hosted,
        ClusterConfig.settings(raw.cluster()),
        virtuals,
        selfServer(raw, routes),
        BridgeConfig.settings(raw.gateway() == null ? null : raw.gateway().bridge()));
  }

  /** Every virtual route's sources against the routes, all problems at once. */
  private void checkVirtuals(List<RouteDefinition> routes) {
    Set<String> names = new HashSet<>();
    routes.forEach(r -> names.add(r.name()));
    List<String> problems =
        io.gatehouse.hosting.virtual.VirtualCheck.problems(virtuals.values(), names);
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
  }

  /**
   * Whether {@code self-server.enabled} (default true); its route name, {@code gatehouse}, is then
   * not free for the file's routes.
   */
  private static boolean selfServer(RawConfig raw, List<RouteDefinition> routes) {
    boolean on =
        Values.bool(
            "self-server.enabled",
            raw.selfServer() == null ? null : raw.selfServer().enabled(),
            true);
    for (int i = 0; on && i < routes.size(); i++) {
      if (routes.get(i).name().equals(io.gatehouse.selfmcp.SelfServer.ROUTE)) {
        throw new ConfigException(
            "routes["
                + i
                + "].name: '"
                + io.gatehouse.selfmcp.SelfServer.ROUTE
                + "' is Gatehouse's own MCP server (expected: another name, or self-server:"
                + " {enabled: false} to free it)");
      }
    }
    return on;
  }

  private ModelsSettings models(JsonNode raw) {
    ModelsSettings settings = ModelsConfig.settings(raw, egress, modelProblems);
    if (!modelProblems.isEmpty()) {
      throw new ConfigException(
          modelProblems.size()
              + " problem(s) in "
              + ModelsConfig.AT
              + ": "
              + String.join("; ", modelProblems));
    }
    return settings;
  }

  private ConnectionSettings connectionSettings(RawConfig.Connections raw) {
    List<ConnectionSettings.Defined> defined =
        ConnectionsConfig.defined(
            raw == null ? null : raw.define(), connectionsAt, egress, connectionProblems);
    if (!connectionProblems.isEmpty()) {
      throw new ConfigException(
          connectionProblems.size()
              + " problem(s) in "
              + connectionsAt
              + ": "
              + String.join("; ", connectionProblems));
    }
    return new ConnectionSettings(validateEvery(raw), defined);
  }

  private static Duration validateEvery(RawConfig.Connections raw) {
    String v = raw == null ? null : raw.validateEvery();
    if (v != null && v.trim().equals("0")) {
      return Duration.ZERO;
    }
    Duration d = Values.duration("connections.validate-every", v, ConnectionSettings.DEFAULT_EVERY);
    if (d.isNegative()) {
      throw new ConfigException(
          "connections.validate-every: '"
              + v
              + "' (expected: 0 for never, or a duration such as 15m)");
    }
    return d;
  }

  /**
   * {@code egress}: loopback is reachable by default when Gatehouse listens on loopback or keeps
   * its store embedded (a laptop), private ranges always unless switched off; link-local and cloud
   * metadata addresses only when {@code egress.allow} lists them.
   */
  private Egress egress(RawConfig.Egress raw, String listenHost, String storage) {
    RawConfig.Egress e = raw == null ? new RawConfig.Egress(null, null, null, null) : raw;
    boolean laptop = isLoopback(listenHost) || storage.startsWith("jdbc:sqlite:");
    return new Egress(
        cidrs("egress.allow", e.allow()),
        cidrs("egress.deny", e.deny()),
        Values.bool("egress.loopback", e.loopback(), laptop),
        Values.bool("egress.private", e.privateRanges(), true),
        resolver);
  }

  /** Refuses a URL whose host is an address literal the egress rules refuse. */
  private void checkEgress(String key, URI url) {
    try {
      egress.checkLiteral(key, url);
    } catch (io.gatehouse.core.GatehouseException e) {
      throw new ConfigException(e.getMessage() + " (" + e.error().key() + ")");
    }
  }

  private static TrustedProxies.Header forwardedHeader(String value) {
    try {
      return blank(value)
          ? TrustedProxies.Header.X_FORWARDED_FOR
          : TrustedProxies.Header.fromConfig(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("forwarded-header: " + e.getMessage());
    }
  }

  private static List<Cidr> cidrs(String key, List<String> values) {
    List<Cidr> out = new ArrayList<>();
    for (int i = 0; values != null && i < values.size(); i++) {
      try {
        out.add(Cidr.parse(values.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + "[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  private static IpRules ipRules(String key, RawConfig.Ip ip) {
    if (ip == null) {
      return IpRules.ANY;
    }
    if (ip.allow() != null && ip.allow().isEmpty()) {
      // Read literally, an empty allow list admits no one; read as absent, everyone. Neither is
      // safe to guess.
      throw new ConfigException(
          key
              + ".allow: an empty list (expected: address blocks such as [10.0.0.0/8]; remove the key"
              + " to allow every address, or deny: ['0.0.0.0/0', '::/0'] to refuse all)");
    }
    return new IpRules(cidrs(key + ".allow", ip.allow()), cidrs(key + ".deny", ip.deny()));
  }

  private static URI publicUrl(String value, String host, int port) {
    if (blank(value)) {
      String h =
          host.equals("0.0.0.0") || host.equals("::")
              ? "127.0.0.1"
              : host.contains(":") ? "[" + host + "]" : host;
      return URI.create("http://" + h + ":" + port);
    }
    try {
      URI u = URI.create(value.trim().replaceAll("/+$", ""));
      if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "public-url: '"
              + value
              + "' (expected: an http or https URL such as https://mcp.example.com)");
    }
  }

  private static GatewaySettings gateway(
      RawConfig.Gateway g, Duration sessionTtl, String listenHost, URI publicUrl) {
    RawConfig.Gateway gw =
        g == null
            ? new RawConfig.Gateway(null, null, null, null, null, null, null, null, null, null)
            : g;
    GatewaySettings d = GatewaySettings.defaults();
    try {
      return GatewaySettings.builder()
          .maxRequestBytes(
              Values.size("gateway.max-request-size", gw.maxRequestSize(), d.maxRequestBytes()))
          .maxResponseBytes(
              Values.size("gateway.max-response-size", gw.maxResponseSize(), d.maxResponseBytes()))
          .allowedHosts(allowedHosts(gw.allowedHosts(), listenHost, publicUrl))
          .allowedOrigins(
              gw.allowedOrigins() == null ? Set.of() : new HashSet<>(gw.allowedOrigins()))
          .keepAlive(Values.duration("gateway.keep-alive", gw.keepAlive(), d.keepAlive()))
          .sseAfter(Values.duration("gateway.sse-after", gw.sseAfter(), d.sseAfter()))
          .sseRetry(Values.duration("gateway.sse-retry", gw.sseRetry(), d.sseRetry()))
          .resumeWindow(
              Values.duration("gateway.resume-window", gw.resumeWindow(), d.resumeWindow()))
          .resumeBufferBytes(
              Values.size(
                  "gateway.resume-buffer-size", gw.resumeBufferSize(), d.resumeBufferBytes()))
          .sessionTtl(sessionTtl)
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gateway." + e.getMessage());
    }
  }

  /**
   * Hosts accepted in {@code Host}: those configured plus the public URL's; with none configured,
   * the loopback names when listening on loopback (DNS-rebinding protection), else any host.
   */
  static Set<String> allowedHosts(List<String> configured, String listenHost, URI publicUrl) {
    Set<String> hosts = new LinkedHashSet<>();
    if (configured != null && !configured.isEmpty()) {
      hosts.addAll(configured);
    } else if (isLoopback(listenHost)) {
      hosts.addAll(GatewaySettings.LOOPBACK_HOSTS);
    } else {
      return Set.of();
    }
    hosts.add(publicUrl.getHost());
    return hosts;
  }

  /** Whether {@code host} names this machine only. */
  public static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("[::1]");
  }

  /**
   * The routes with their project's rules ({@code projects.NAME.tools}, {@code prompts}, {@code
   * resources}) added to their own: every list counts (deny wins), and the route's {@code
   * default:}, if set, over the project's.
   */
  private static List<RawConfig.Route> withProjectRules(
      List<RawConfig.Route> routes, Map<String, RawConfig.Project> projects) {
    if (routes == null || projects == null || projects.isEmpty()) {
      return routes;
    }
    projects.forEach(
        (name, p) -> {
          String key = "projects." + name;
          if (!RouteName.isValid(name)) {
            throw new ConfigException(
                key
                    + ": '"
                    + name
                    + "' is not a project name (expected: "
                    + RouteName.rule()
                    + ")");
          }
          if (p != null) {
            // checked here so a mistake names the project's key, not a route's
            nameRules(key + ".tools", p.tools());
            nameRules(key + ".prompts", p.prompts());
            nameRules(key + ".resources", p.resources());
          }
        });
    List<RawConfig.Route> out = new ArrayList<>(routes.size());
    for (RawConfig.Route r : routes) {
      RawConfig.Project p =
          r == null
              ? null
              : projects.get(blank(r.project()) ? Principal.DEFAULT_PROJECT : r.project());
      out.add(
          p == null
              ? r
              : new RawConfig.Route(
                  r.name(),
                  r.upstream(),
                  r.timeouts(),
                  r.ip(),
                  r.auth(),
                  r.authJwt(),
                  merge(p.tools(), r.tools()),
                  merge(p.prompts(), r.prompts()),
                  merge(p.resources(), r.resources()),
                  r.project(),
                  r.connection(),
                  r.policies()));
    }
    return out;
  }

  private static RawConfig.Rules merge(RawConfig.Rules project, RawConfig.Rules route) {
    if (project == null || route == null) {
      return route == null ? project : route;
    }
    return new RawConfig.Rules(
        concat(project.allow(), route.allow()),
        concat(project.deny(), route.deny()),
        blank(route.defaultDecision()) ? project.defaultDecision() : route.defaultDecision(),
        mergeLists(project.consumers(), route.consumers()),
        mergeLists(project.groups(), route.groups()));
  }

  private static Map<String, RawConfig.Lists> mergeLists(
      Map<String, RawConfig.Lists> a, Map<String, RawConfig.Lists> b) {
    Map<String, RawConfig.Lists> out = new java.util.LinkedHashMap<>();
    if (a != null) {
      out.putAll(a);
    }
    if (b != null) {
      b.forEach(
          (name, l) ->
              out.merge(
                  name,
                  l,
                  (x, y) ->
                      x == null || y == null
                          ? (x == null ? y : x)
                          : new RawConfig.Lists(
                              concat(x.allow(), y.allow()), concat(x.deny(), y.deny()))));
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>();
    if (a != null) {
      out.addAll(a);
    }
    if (b != null) {
      out.addAll(b);
    }
    return out;
  }

  private List<RouteDefinition> routes(
      List<RawConfig.Route> raw, String listenHost, RawConfig.Jwt jwt) {
    List<RouteDefinition> routes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; raw != null && i < raw.size(); i++) {
      String key = "routes[" + i + "]";
      RouteDefinition r = route(key, raw.get(i), jwt);
      if (!names.add(r.name())) {
        throw new ConfigException(key + ".name: '" + r.name() + "' is used by another route");
      }
      JsonNode auth = raw.get(i).auth();
      if ((auth == null || auth.isNull()) && !isLoopback(listenHost)) {
        throw new ConfigException(
            key
                + ".auth: route '"
                + r.name()
                + "' would be open to anyone who can reach "
                + listenHost
                + "; set auth: [api-key] (or auth: none to leave it open on purpose)");
      }
      routes.add(r);
    }
    return routes;
  }

  private RouteDefinition route(String key, RawConfig.Route r, RawConfig.Jwt jwt) {
    String name = require(key + ".name", r.name());
    if (!RouteName.isValid(name)) {
      throw new ConfigException(key + ".name: '" + name + "' (expected: " + RouteName.rule() + ")");
    }
    boolean openApi = r.upstream() != null && "openapi".equals(r.upstream().transport());
    if (!blank(r.connection())) {
      if (r.upstream() != null && !openApi) {
        throw new ConfigException(
            key
                + ".upstream: route '"
                + name
                + "' names connection '"
                + r.connection()
                + "', which gives the URL, transport and credential; remove upstream");
      }
      if (!RouteName.isValid(r.connection().trim())) {
        throw new ConfigException(
            key + ".connection: '" + r.connection() + "' (expected: " + RouteName.rule() + ")");
      }
      routeConnections.put(
          name, new GatehouseConfig.ConnectionRef(project(key, r), r.connection().trim()));
      if (openApi) {
        // The connection gives the credential; the document gives the operations and the URL.
        return openApiRoute(key, name, r, jwt);
      }
      // Never published as it is: the server binds it to the connection first.
      UpstreamDefinition unbound =
          UpstreamDefinition.of(URI.create("http://127.0.0.1:9/"), UpstreamTransport.AUTO);
      return new RouteDefinition(
          name, unbound, timeouts(key, r), "config", policies(key, r, jwt), project(key, r));
    }
    if (r.upstream() == null) {
      throw new ConfigException(
          key + ".upstream: missing (expected: url and transport, or connection: NAME)");
    }
    if (openApi) {
      return openApiRoute(key, name, r, jwt);
    }
    if ("stdio".equalsIgnoreCase(trimmed(r.upstream().transport()))) {
      return stdio(key, name, r, jwt);
    }
    if ("virtual".equalsIgnoreCase(trimmed(r.upstream().transport()))) {
      return virtual(key, name, r, jwt);
    }
    String url = require(key + ".upstream.url", r.upstream().url());
    UpstreamTransport transport;
    try {
      transport =
          UpstreamTransport.fromConfig(
              r.upstream().transport() == null ? "auto" : r.upstream().transport());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ".upstream." + e.getMessage());
    }
    UpstreamProtocol protocol;
    try {
      protocol =
          UpstreamProtocol.fromConfig(
              r.upstream().protocol() == null ? "auto" : r.upstream().protocol());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ".upstream." + e.getMessage());
    }
    if (protocol == UpstreamProtocol.MODERN && transport == UpstreamTransport.SSE) {
      throw new ConfigException(
          key
              + ".upstream.protocol: 2026-07-28 (expected: auto or 2025-11-25 with transport: sse;"
              + " 2026-07-28 has no HTTP+SSE transport)");
    }
    try {
      UpstreamDefinition upstream =
          new UpstreamDefinition(URI.create(url.trim()), transport, upstreamHeaders(r, false))
              .withProtocol(protocol);
      checkEgress(key + ".upstream.url", upstream.url());
      RouteTimeouts timeouts = timeouts(key, r);
      return new RouteDefinition(
          name, upstream, timeouts, "config", policies(key, r, jwt), project(key, r));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key
              + "."
              + e.getMessage()
                  .replaceFirst(
                      "^Illegal character.*", "upstream.url: '" + url + "' is not a URL"));
    }
  }

  /**
   * A route that serves a REST API as MCP tools ({@code transport: openapi}): its upstream is bound
   * by the server to Gatehouse's own hosted endpoint, which the gateway reaches on loopback. The
   * route's {@code upstream.headers} (plain or {@code ${secret:…}}) reach the API.
   */
  private RouteDefinition openApiRoute(
      String key, String name, RawConfig.Route r, RawConfig.Jwt jwt) {
    RawConfig.Upstream u = r.upstream();
    String spec = require(key + ".upstream.spec", u.spec()).trim();
    if (!blank(u.url())) {
      throw new ConfigException(
          key + ".upstream.url: not used with transport: openapi (the API's URL is base-url)");
    }
    if (!egress.loopback()) {
      throw new ConfigException(
          key
              + ".upstream.transport: openapi needs egress.loopback: true (the gateway reaches"
              + " the hosted tools on Gatehouse's own loopback endpoint)");
    }
    URI base = null;
    if (!blank(u.baseUrl())) {
      try {
        base = URI.create(u.baseUrl().trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + ".upstream.base-url: '" + u.baseUrl() + "' is not a URL");
      }
      if (base.getHost() == null || !List.of("http", "https").contains(base.getScheme())) {
        throw new ConfigException(
            key + ".upstream.base-url: '" + u.baseUrl() + "' (expected: an http(s) URL)");
      }
      checkEgress(key + ".upstream.base-url", base);
    }
    if (spec.startsWith("http://") || spec.startsWith("https://")) {
      checkEgress(key + ".upstream.spec", URI.create(spec));
    } else {
      spec = configDir.resolve(spec).normalize().toString();
    }
    java.util.Set<String> forward = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    if (u.headers() != null) {
      forward.addAll(u.headers().keySet());
    }
    openApiRoutes.put(
        name,
        new io.gatehouse.hosting.openapi.OpenApiRoute(
            name,
            spec,
            base,
            pick(u.include()),
            pick(u.exclude()),
            Map.of(),
            forward,
            timeouts(key, r).request()));
    // Never published as it is: the server points it at its own hosted endpoint first.
    UpstreamDefinition unbound =
        new UpstreamDefinition(
            URI.create("http://127.0.0.1:9/"),
            UpstreamTransport.STREAMABLE_HTTP,
            upstreamHeaders(r, false));
    return new RouteDefinition(
        name, unbound, timeouts(key, r), "config", policies(key, r, jwt), project(key, r));
  }

  /**
   * A route whose upstream is a stdio server Gatehouse runs: published once the server binds it to
   * its hosted endpoint (until then it is not served, like a route naming a connection).
   */
  private RouteDefinition stdio(String key, String name, RawConfig.Route r, RawConfig.Jwt jwt) {
    RawConfig.Upstream u = r.upstream();
    String at = key + ".upstream";
    if (!blank(u.url())) {
      throw new ConfigException(
          at + ".url: a stdio upstream has no URL (expected: command and args, not url)");
    }
    if (u.headers() != null && !u.headers().isEmpty()) {
      throw new ConfigException(
          at + ".headers: a stdio upstream takes no headers (expected: env for its settings)");
    }
    String command = require(at + ".command", u.command());
    Map<String, String> env = u.env() == null ? Map.of() : u.env();
    for (String var : env.keySet()) {
      if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")
          || var.toUpperCase(java.util.Locale.ROOT).startsWith("GATEHOUSE_")) {
        throw new ConfigException(
            at
                + ".env."
                + var
                + ": (expected: a variable name of letters, digits and _, not starting with"
                + " GATEHOUSE_: Gatehouse's own settings never reach a child process)");
      }
    }
    List<String> args = u.args() == null ? List.of() : u.args();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) == null) {
        throw new ConfigException(at + ".args[" + i + "]: null (expected: a string)");
      }
    }
    StdioServer server;
    try {
      server =
          new StdioServer(
              command.trim(),
              args,
              env,
              blank(u.cwd()) ? null : Path.of(u.cwd().trim()),
              blank(u.isolation()) ? Isolation.SESSION : Isolation.fromConfig(u.isolation()),
              Values.duration(at + ".idle-timeout", u.idleTimeout(), StdioServer.DEFAULT_IDLE),
              Values.count(
                  at + ".max-processes",
                  u.maxProcesses(),
                  StdioServer.DEFAULT_MAX_PROCESSES,
                  10_000),
              limits(u.limits()),
              Values.bool(at + ".shared-across-principals", u.sharedAcrossPrincipals(), false));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + "." + e.getMessage());
    }
    if (!server.limits().isEmpty() && io.gatehouse.hosting.ProcessLimits.prlimit().isEmpty()) {
      throw new ConfigException(at + "." + io.gatehouse.hosting.ProcessLimits.prlimitMissing());
    }
    if (server.sharedAcrossPrincipals() && server.isolation() != Isolation.SHARED) {
      throw new ConfigException(
          at + ".shared-across-principals: true (expected: only with isolation: shared)");
    }
    if (server.cwd() != null && !java.nio.file.Files.isDirectory(server.cwd())) {
      throw new ConfigException(at + ".cwd: '" + server.cwd() + "' is not a directory");
    }
    hosted.put(name, new StdioHosting.Hosted(project(key, r), server));
    // Never published as it is: the server points it at the hosted endpoint first.
    UpstreamDefinition unbound =
        UpstreamDefinition.of(
            StdioHosting.url(URI.create("http://127.0.0.1:9"), name),
            UpstreamTransport.STREAMABLE_HTTP);
    return new RouteDefinition(
        name, unbound, timeouts(key, r), "config", policies(key, r, jwt), project(key, r));
  }

  /**
   * A route that composes other routes ({@code transport: virtual}): published once the server
   * points it at the composer; its sources are checked against every route once all are read.
   */
  private RouteDefinition virtual(String key, String name, RawConfig.Route r, RawConfig.Jwt jwt) {
    RawConfig.Upstream u = r.upstream();
    String at = key + ".upstream";
    if (!blank(u.url()) || u.headers() != null && !u.headers().isEmpty() || !blank(u.command())) {
      throw new ConfigException(
          at + ": a virtual upstream takes only sources (expected: no url, headers or command)");
    }
    if (!egress.loopback()) {
      throw new ConfigException(
          at
              + ".transport: virtual needs egress.loopback: true (the composer reaches its sources"
              + " through Gatehouse's own loopback listener)");
    }
    List<io.gatehouse.hosting.virtual.VirtualSource> sources = new ArrayList<>();
    List<RawConfig.Source> raw = u.sources() == null ? List.of() : u.sources();
    for (int i = 0; i < raw.size(); i++) {
      RawConfig.Source s = raw.get(i);
      String here = at + ".sources[" + i + "]";
      if (s == null) {
        throw new ConfigException(here + ": null (expected: {route, prefix})");
      }
      String route = require(here + ".route", s.route()).trim();
      if (s.prefix() == null && raw.size() > 1) {
        throw new ConfigException(
            here
                + ".prefix: missing (expected: a prefix such as '"
                + route
                + "_' when there are"
                + " several sources)");
      }
      String prefix = s.prefix() == null ? "" : s.prefix();
      if (!prefix.matches("[A-Za-z0-9_.-]*")) {
        throw new ConfigException(
            here + ".prefix: '" + prefix + "' (expected: letters, digits, '_', '-' or '.')");
      }
      sources.add(
          new io.gatehouse.hosting.virtual.VirtualSource(
              route, prefix, s.tools(), s.prompts(), s.resources()));
    }
    RouteTimeouts timeouts = timeouts(key, r);
    virtuals.put(
        name, new io.gatehouse.hosting.virtual.VirtualServer(name, sources, timeouts.request()));
    // Never published as it is: the server points it at the composer first.
    UpstreamDefinition unbound =
        UpstreamDefinition.of(
            io.gatehouse.hosting.virtual.VirtualHosting.upstreamUrl(
                URI.create("http://127.0.0.1:9"), name),
            UpstreamTransport.STREAMABLE_HTTP);
    return new RouteDefinition(
        name, unbound, timeouts, "config", policies(key, r, jwt), project(key, r));
  }

  private static io.gatehouse.hosting.ProcessLimits limits(RawConfig.Limits l) {
    return l == null
        ? io.gatehouse.hosting.ProcessLimits.NONE
        : io.gatehouse.hosting.ProcessLimits.parse(
            l.memory(), l.cpuSeconds(), l.openFiles(), l.processes());
  }

  private static io.gatehouse.hosting.openapi.Selection pick(RawConfig.Pick p) {
    return p == null
        ? io.gatehouse.hosting.openapi.Selection.NONE
        : new io.gatehouse.hosting.openapi.Selection(p.tags(), p.operations());
  }

  private static String trimmed(String s) {
    return s == null ? "" : s.trim();
  }

  /**
   * The policy sets and the engines' settings, as trees; each set's shape is checked here, every
   * problem at once, and its sections by the traffic parts when the server binds them.
   */
  private static TrafficConfig traffic(RawConfig raw) {
    Problems problems = new Problems();
    PolicyTree.checkShape(raw.policies(), TrafficConfig.GLOBAL_PATH, problems);
    Map<String, TrafficConfig.RouteSet> routes = new java.util.HashMap<>();
    for (int i = 0; raw.routes() != null && i < raw.routes().size(); i++) {
      RawConfig.Route r = raw.routes().get(i);
      if (r != null && r.policies() != null && !r.policies().isNull() && r.name() != null) {
        String path = "routes[" + i + "].policies";
        PolicyTree.checkShape(r.policies(), path, problems);
        routes.put(r.name(), new TrafficConfig.RouteSet(r.policies(), path));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(new PolicySetException(problems.list()).getMessage());
    }
    return new TrafficConfig(
        nullIfNull(raw.policies()),
        routes,
        nullIfNull(raw.redis()),
        nullIfNull(raw.audit()),
        nullIfNull(raw.metrics()),
        nullIfNull(raw.tracing()));
  }

  private static JsonNode nullIfNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  private static RouteTimeouts timeouts(String key, RawConfig.Route r) {
    RouteTimeouts d = RouteTimeouts.DEFAULT;
    RawConfig.Timeouts t = r.timeouts() == null ? new RawConfig.Timeouts(null, null) : r.timeouts();
    return new RouteTimeouts(
        Values.duration(key + ".timeouts.connect", t.connect(), d.connect()),
        Values.duration(key + ".timeouts.request", t.request(), d.request()));
  }

  /**
   * The route's upstream headers that name vault secrets ({@code sealed}, filled in per request by
   * {@link UpstreamSecrets}), or the others, sent as written.
   */
  private static Map<String, String> upstreamHeaders(RawConfig.Route r, boolean sealed) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (r.upstream() != null && r.upstream().headers() != null) {
      r.upstream()
          .headers()
          .forEach(
              (h, v) -> {
                if (UpstreamSecrets.REFERENCE.matcher(v).find() == sealed) {
                  out.put(h, v);
                }
              });
    }
    return out;
  }

  /**
   * A route's policies: address rules, then authentication (both on every HTTP request), then tool
   * rules (on each message and each list answer), then the vault secrets its upstream headers name.
   */
  private RoutePolicies policies(String key, RawConfig.Route r, RawConfig.Jwt jwt) {
    List<McpPolicy> authenticate = new ArrayList<>(2);
    String project = project(key, r);
    IpRules ip = ipRules(key + ".ip", r.ip());
    if (!ip.isEmpty()) {
      authenticate.add(new IpFilter(ip));
    }
    Set<AuthMethod> methods = authMethods(key + ".auth", r.auth());
    if (!methods.isEmpty()) {
      JwtVerifier verifier =
          methods.contains(AuthMethod.JWT) ? verifier(key, jwt, r.authJwt()) : null;
      authenticate.add(new InboundAuth(methods, keys, verifier, resources, project));
    }
    if (!methods.contains(AuthMethod.JWT)
        && r.authJwt() != null
        && r.authJwt().toolScopes() != null) {
      throw new ConfigException(
          key
              + ".auth-jwt.tool-scopes: the route does not take tokens; add jwt to "
              + key
              + ".auth");
    }
    ToolScopes scopes = methods.contains(AuthMethod.JWT) ? toolScopes(key, jwt, r.authJwt()) : null;
    ToolAccess access =
        new ToolAccess(
            nameRules(key + ".tools", r.tools()),
            nameRules(key + ".prompts", r.prompts()),
            nameRules(key + ".resources", r.resources()));
    Map<Phase, List<McpPolicy>> byPhase = new java.util.EnumMap<>(Phase.class);
    byPhase.put(Phase.AUTHENTICATE, authenticate);
    List<McpPolicy> authorize = new ArrayList<>(2);
    if (!(access.tools().isOpen() && access.prompts().isOpen() && access.resources().isOpen())) {
      authorize.add(access);
    }
    if (scopes != null) {
      authorize.add(scopes);
    }
    byPhase.put(Phase.AUTHORIZE, authorize);
    Map<String, String> sealed = upstreamHeaders(r, true);
    if (!sealed.isEmpty()) {
      byPhase.put(Phase.INJECT_CREDENTIALS, List.of(new UpstreamSecrets(project, sealed, secrets)));
    }
    return RoutePolicies.of(byPhase);
  }

  /**
   * The vault's keys: {@code GATEHOUSE_MASTER_KEY}, else a key file ({@code vault.key-file}, by
   * default {@code <data-dir>/master.key}), made on first start when it is named explicitly or the
   * store is the embedded SQLite one. Replicas on a shared store must share a key, so Gatehouse
   * does not make one up for them.
   */
  private VaultSettings vault(RawConfig.Vault raw, Path dataDir, String storage) {
    String fromEnv = env.get(VaultSettings.MASTER_KEY_ENV);
    boolean explicit = raw != null && !blank(raw.keyFile());
    Path file = explicit ? Path.of(raw.keyFile().trim()) : dataDir.resolve("master.key");
    return new VaultSettings(
        blank(fromEnv) ? null : Secret.of(fromEnv.trim()),
        file,
        explicit || storage.startsWith("jdbc:sqlite:"));
  }

  /** {@code routes[].project}: a project name, {@code default} when absent. */
  private static String project(String key, RawConfig.Route r) {
    if (blank(r.project())) {
      return Principal.DEFAULT_PROJECT;
    }
    if (!RouteName.isValid(r.project())) {
      throw new ConfigException(
          key
              + ".project: '"
              + r.project()
              + "' (expected: a project name, "
              + RouteName.rule()
              + ")");
    }
    return r.project();
  }

  /** {@code auth:} absent or {@code none}: no methods; else the listed ones. */
  static Set<AuthMethod> authMethods(String key, JsonNode auth) {
    if (auth == null || auth.isNull() || (auth.isString() && auth.stringValue().equals("none"))) {
      // Absent or empty (auth: with no value) is open; on a non-loopback listener only an explicit
      // none gets that far (checked by the caller).
      return Set.of();
    }
    List<String> names = new ArrayList<>();
    if (auth.isString()) {
      names.add(auth.stringValue());
    } else if (auth.isArray()) {
      auth.forEach(n -> names.add(n.isString() ? n.stringValue() : n.toString()));
    } else {
      throw new ConfigException(
          key + ": " + auth + " (expected: none or a list such as [api-key])");
    }
    if (names.isEmpty()) {
      throw new ConfigException(key + ": an empty list (expected: none, or [api-key])");
    }
    Set<AuthMethod> methods = java.util.EnumSet.noneOf(AuthMethod.class);
    for (int i = 0; i < names.size(); i++) {
      try {
        methods.add(AuthMethod.fromConfig(names.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + "[" + i + "]: " + e.getMessage());
      }
    }
    return methods;
  }

  private static final RawConfig.Jwt NO_JWT =
      new RawConfig.Jwt(null, null, null, null, null, null, null);

  /**
   * {@code tool-scopes} of the route's {@code auth-jwt} (else of {@code auth.jwt}): which tools
   * need which scopes; null when none.
   */
  private ToolScopes toolScopes(String key, RawConfig.Jwt top, RawConfig.Jwt own) {
    boolean mine = own != null && own.toolScopes() != null;
    Map<String, List<String>> raw = mine ? own.toolScopes() : top == null ? null : top.toolScopes();
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String where = mine ? key + ".auth-jwt.tool-scopes" : "auth.jwt.tool-scopes";
    List<ToolScopes.Rule> rules = new ArrayList<>();
    raw.forEach(
        (glob, scopes) -> {
          if (glob == null || glob.isBlank()) {
            throw new ConfigException(where + ": an empty tool pattern");
          }
          if (scopes == null || scopes.isEmpty() || scopes.stream().anyMatch(ConfigLoader::blank)) {
            throw new ConfigException(
                where + "." + glob + ": expected a list of scopes, such as [tools:write]");
          }
          rules.add(new ToolScopes.Rule(new Glob(glob), Set.copyOf(scopes)));
        });
    return new ToolScopes(rules, resources);
  }

  /**
   * The verifier of a route's tokens: {@code routes[].auth-jwt} over the top-level {@code
   * auth.jwt}, field by field. Routes with the same settings share one verifier (and its keys).
   */
  private JwtVerifier verifier(String key, RawConfig.Jwt top, RawConfig.Jwt own) {
    RawConfig.Jwt t = top == null ? NO_JWT : top;
    RawConfig.Jwt o = own == null ? NO_JWT : own;
    String where = own == null ? "auth.jwt" : key + ".auth-jwt";
    String issuer = first(o.issuer(), t.issuer());
    String jwks = first(o.jwksUrl(), t.jwksUrl());
    if (blank(issuer) || blank(jwks)) {
      throw new ConfigException(
          (blank(issuer) ? where + ".issuer" : where + ".jwks-url")
              + ": missing; "
              + (key.equals("auth")
                  ? "auth.jwt needs issuer and jwks-url"
                  : key
                      + ".auth lists jwt, which needs auth.jwt (or "
                      + key
                      + ".auth-jwt) with issuer and jwks-url"));
    }
    RawConfig.Claims oc = o.claims() == null ? new RawConfig.Claims(null, null) : o.claims();
    RawConfig.Claims tc = t.claims() == null ? new RawConfig.Claims(null, null) : t.claims();
    RawConfig.Claims claims =
        new RawConfig.Claims(first(oc.subject(), tc.subject()), first(oc.groups(), tc.groups()));
    URI jwksUrl = httpUrl(where + ".jwks-url", jwks);
    if (jwksUrl.getScheme().equals("http") && !isLoopback(jwksUrl.getHost())) {
      throw new ConfigException(
          where
              + ".jwks-url: '"
              + jwks
              + "' (expected: https; the signing keys must not be read over plain HTTP except"
              + " from this machine)");
    }
    JwtSettings settings =
        new JwtSettings(
            httpUrl(where + ".issuer", issuer),
            jwksUrl,
            blank(first(o.audience(), t.audience())) ? null : first(o.audience(), t.audience()),
            blank(claims.subject()) ? null : claims.subject(),
            blank(claims.groups()) ? null : claims.groups(),
            Values.duration(
                where + ".clock-skew", first(o.clockSkew(), t.clockSkew()), Duration.ofSeconds(60)),
            o.scopes() != null ? o.scopes() : t.scopes() == null ? List.of() : t.scopes());
    checkEgress(where + ".jwks-url", jwksUrl);
    Egress rules = egress;
    return verifiers.computeIfAbsent(
        settings, s -> new JwtVerifier(s, java.time.Clock.systemUTC(), rules));
  }

  private static String first(String a, String b) {
    return blank(a) ? b : a;
  }

  private static URI httpUrl(String key, String value) {
    try {
      URI u = URI.create(value.trim());
      if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": '" + value + "' (expected: an http or https URL)");
    }
  }

  private static NameRules nameRules(String key, RawConfig.Rules raw) {
    if (raw == null) {
      return NameRules.OPEN;
    }
    Map<String, NameRules.Lists> consumers = namedLists(key + ".consumers", raw.consumers());
    Map<String, NameRules.Lists> groups = namedLists(key + ".groups", raw.groups());
    NameRules rules = NameRules.of(lists(key, raw.allow(), raw.deny()), consumers, groups);
    String d = raw.defaultDecision();
    if (blank(d)) {
      return rules;
    }
    if (!d.equals("allow") && !d.equals("deny")) {
      throw new ConfigException(key + ".default: '" + d + "' (expected: allow or deny)");
    }
    return new NameRules(rules.route(), consumers, groups, d.equals("allow"));
  }

  private static Map<String, NameRules.Lists> namedLists(
      String key, Map<String, RawConfig.Lists> raw) {
    Map<String, NameRules.Lists> out = new java.util.LinkedHashMap<>();
    if (raw != null) {
      raw.forEach(
          (name, l) ->
              out.put(
                  name,
                  l == null
                      ? NameRules.Lists.EMPTY
                      : lists(key + "." + name, l.allow(), l.deny())));
    }
    return out;
  }

  private static NameRules.Lists lists(String key, List<String> allow, List<String> deny) {
    return new NameRules.Lists(globs(key + ".allow", allow), globs(key + ".deny", deny));
  }

  private static List<Glob> globs(String key, List<String> values) {
    List<Glob> out = new ArrayList<>();
    for (int i = 0; values != null && i < values.size(); i++) {
      try {
        out.add(new Glob(values.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + "[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  private static String require(String key, String value) {
    if (blank(value)) {
      throw new ConfigException(key + ": missing");
    }
    return value.trim();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
