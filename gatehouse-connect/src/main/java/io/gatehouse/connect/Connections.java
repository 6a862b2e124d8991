package io.gatehouse.connect;

import io.gatehouse.connect.credential.Credentials;
import io.gatehouse.connect.internal.ConnectionRows;
import io.gatehouse.connect.internal.ConsentRows;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.RouteName;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.policy.UpstreamSecrets;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import io.gatehouse.vault.SecretInfo;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The connections of every project, in the store. A secret given inline ({@code {"value": ...}})
 * goes into the vault as {@code connection.<name>.<slot>} and the connection keeps its name; a
 * deleted connection takes those secrets with it. {@link #validate} runs the MCP handshake with the
 * connection's credential and keeps the result in the connection's history.
 */
public final class Connections {
  /** The Flyway location of the connections' tables. */
  public static final String MIGRATIONS = "classpath:db/connect";

  static final ObjectMapper JSON = JsonMapper.builder().build();

  /** How long before a key's expiry date validation warns about it. */
  public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Connections.class);
  private static final String OWN_SECRETS = AuthJson.OWN_SECRETS;

  private final Database db;
  private final Supplier<Vault> vault;
  private final Egress egress;
  private final Clock clock;
  private final Duration timeout;
  private final BiConsumer<String, String> secretChanged;
  private final Credentials credentials;
  private volatile CatalogSource catalog;

  private Connections(
      Database db,
      Supplier<Vault> vault,
      Egress egress,
      Clock clock,
      Duration timeout,
      BiConsumer<String, String> secretChanged,
      Credentials credentials) {
    this.secretChanged = secretChanged;
    this.credentials = credentials;
    this.db = db;
    this.vault = vault;
    this.egress = egress;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Runs the migrations and opens the connections.
   *
   * @param vault the vault, or null while it is locked
   * @param timeout how long validation waits for each answer
   * @param secretChanged told (project, name) after a secret the connections keep is set or
   *     deleted, so caches of its value drop it
   * @param credentials what the connections' auth sends upstream
   */
  public static Connections open(
      Database db,
      Supplier<Vault> vault,
      Egress egress,
      Clock clock,
      Duration timeout,
      BiConsumer<String, String> secretChanged,
      Credentials credentials) {
    db.migrate("connect", MIGRATIONS);
    return new Connections(db, vault, egress, clock, timeout, secretChanged, credentials);
  }

  /** Lets connections be made from the catalog's deployments ({@code from}). */
  public void bindCatalog(CatalogSource catalog) {
    this.catalog = catalog;
  }

  /**
   * Creates a connection from its JSON ({@code name}, {@code url}, {@code transport}, {@code auth},
   * or {@code from} a catalog deployment), managed by the admin API.
   */
  public Connection create(String project, JsonNode body) {
    return create(project, body, Connection.BY_API);
  }

  /** The same, managed by {@code managedBy} ({@code api} or {@code config}). */
  public Connection create(String project, JsonNode body, String managedBy) {
    String name = text(body, "name");
    if (name == null || !RouteName.isValid(name)) {
      throw invalid("name: '" + name + "' (expected: " + RouteName.rule() + ")");
    }
    return write(project, name, body, true, managedBy);
  }

  /** Replaces a connection's url, transport and auth. */
  public Connection replace(String project, String name, JsonNode body) {
    return replace(project, name, body, get(project, name).managedBy());
  }

  /** The same, and from now on managed by {@code managedBy}. */
  public Connection replace(String project, String name, JsonNode body, String managedBy) {
    get(project, name);
    return write(project, name, body, false, managedBy);
  }

  private Connection write(
      String project, String name, JsonNode given, boolean create, String managedBy) {
    if (!(given instanceof ObjectNode)) {
      throw invalid("the body must be a JSON object");
    }
    JsonNode body = given.has("from") ? FromCatalog.expand(project, given, catalog) : given;
    Map<String, Secret> inline = new LinkedHashMap<>();
    OptionsJson.Options options = OptionsJson.parse(name, body, inline, egress);
    URI url = checkedUrl("url", text(body, "url"), options.allowInsecure());
    UpstreamTransport transport;
    try {
      transport =
          UpstreamTransport.fromConfig(
              text(body, "transport") == null ? "auto" : text(body, "transport"));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (create && db.read(tx -> ConnectionRows.find(tx, project, name)).isPresent()) {
      throw new GatehouseException(
          ConnectErrors.CONNECTION_EXISTS,
          "project '" + project + "' has a connection '" + name + "'");
    }
    Connection before = create ? null : find(project, name).orElse(null);
    ConnectionAuth auth =
        AuthJson.parse(
            project,
            name,
            url,
            body.path("auth"),
            inline,
            (field, text) -> checkedUrl(field, text, options.allowInsecure()));
    if (!inline.isEmpty()) {
      Vault v = vault.get();
      if (v == null) {
        throw new VaultException(
            io.gatehouse.vault.VaultErrors.VAULT_LOCKED,
            "the vault has no master key, so it cannot keep the connection's secrets");
      }
      inline.forEach(
          (secret, value) -> {
            v.put(project, secret, value);
            secretChanged.accept(project, secret);
          });
    }
    long now = clock.millis();
    ConnectionRows.Row row =
        new ConnectionRows.Row(
            project,
            name,
            url.toString(),
            transport.configName(),
            AuthJson.json(auth).toString(),
            now,
            now,
            OptionsJson.json(options),
            body.has("from") ? body.get("from").toString() : null,
            managedBy);
    try {
      db.write(
          tx -> {
            if (create) {
              ConnectionRows.insert(tx, row);
            } else {
              ConnectionRows.update(tx, row);
            }
            return null;
          });
    } catch (StoreException e) {
      if (StoreException.CONFLICT.equals(e.code())) {
        throw new GatehouseException(
            ConnectErrors.CONNECTION_EXISTS,
            "project '" + project + "' has a connection '" + name + "'");
      }
      throw e;
    }
    Connection after = get(project, name);
    if (before != null && !sameUserServers(before, after)) {
      forgetUsers(project, name);
    }
    return after;
  }

  /**
   * Whether users' tokens for {@code before} are still for {@code after}: a per-user connection
   * repointed to another upstream, other servers or another client forgets every user's tokens (and
   * its client registration), so none is ever sent where the user did not consent.
   */
  private static boolean sameUserServers(Connection before, Connection after) {
    if (!(before.auth() instanceof ConnectionAuth.UserOAuth b)) {
      return true;
    }
    if (!(after.auth() instanceof ConnectionAuth.UserOAuth a)) {
      return false;
    }
    return before.url().equals(after.url())
        && java.util.Objects.equals(b.authorizationUrl(), a.authorizationUrl())
        && java.util.Objects.equals(b.tokenUrl(), a.tokenUrl())
        && java.util.Objects.equals(b.refreshUrl(), a.refreshUrl())
        && java.util.Objects.equals(b.clientId(), a.clientId())
        && java.util.Objects.equals(b.resource(), a.resource());
  }

  /** Deletes every user's tokens for the connection and its client registration. */
  private void forgetUsers(String project, String name) {
    Vault v = vault.get();
    if (v == null) {
      return;
    }
    for (SecretInfo s : v.list(project)) {
      String rest =
          s.name().substring(Math.min(s.name().length(), (OWN_SECRETS + name + ".").length()));
      if (s.name().startsWith(OWN_SECRETS + name + ".")
          && (rest.startsWith("user.") || rest.equals("registered-client"))) {
        v.delete(project, s.name());
      }
    }
    log.info("connection {}/{}: its servers changed; users consent again", project, name);
  }

  /**
   * Whether writing {@code given} would leave {@code c} as it is, the values of the secrets it
   * keeps in the vault included (so a changed value read from the environment counts).
   */
  boolean matches(Connection c, JsonNode given) {
    JsonNode body = given.has("from") ? FromCatalog.expand(c.project(), given, catalog) : given;
    Map<String, Secret> inline = new LinkedHashMap<>();
    OptionsJson.Options options = OptionsJson.parse(c.name(), body, inline, egress);
    URI url = checkedUrl("url", text(body, "url"), options.allowInsecure());
    String transport = text(body, "transport") == null ? "auto" : text(body, "transport");
    ConnectionAuth auth =
        AuthJson.parse(
            c.project(),
            c.name(),
            url,
            body.path("auth"),
            inline,
            (field, text) -> checkedUrl(field, text, options.allowInsecure()));
    JsonNode from = body.get("from");
    JsonNode had = c.from() == null ? null : json(c).get("from");
    if (!c.url().equals(url)
        || c.transport() != UpstreamTransport.fromConfig(transport)
        || !AuthJson.json(auth).equals(AuthJson.json(c.auth()))
        || !OptionsJson.json(options).equals(OptionsJson.json(OptionsJson.Options.of(c)))
        || !java.util.Objects.equals(from, had)) {
      return false;
    }
    Vault v = vault.get();
    for (Map.Entry<String, Secret> e : inline.entrySet()) {
      try {
        if (v == null
            || !java.security.MessageDigest.isEqual(
                v.get(c.project(), e.getKey()).reveal().getBytes(),
                e.getValue().reveal().getBytes())) {
          return false;
        }
      } catch (VaultException missing) {
        return false;
      }
    }
    return true;
  }

  public Connection get(String project, String name) {
    return find(project, name)
        .orElseThrow(
            () ->
                new GatehouseException(
                    ConnectErrors.CONNECTION_NOT_FOUND,
                    "project '" + project + "' has no connection '" + name + "'"));
  }

  public Optional<Connection> find(String project, String name) {
    return db.read(tx -> ConnectionRows.find(tx, project, name)).map(Connections::connection);
  }

  public List<Connection> list(String project) {
    return db.read(tx -> ConnectionRows.list(tx, project)).stream()
        .map(Connections::connection)
        .toList();
  }

  /** Every project's connections. */
  public List<Connection> all() {
    return db.read(ConnectionRows::all).stream().map(Connections::connection).toList();
  }

  /** A number that changes with every write, here or on another replica. */
  public long revision() {
    return db.read(ConnectionRows::revision);
  }

  /** Deletes the connection, its history and the secrets it keeps in the vault. */
  public void delete(String project, String name) {
    get(project, name);
    Vault v = vault.get();
    if (v != null) {
      for (SecretInfo s : v.list(project)) {
        if (s.name().startsWith(OWN_SECRETS + name + ".")) {
          v.delete(project, s.name());
          secretChanged.accept(project, s.name());
        }
      }
    }
    db.write(
        tx -> {
          ConsentRows.deleteFor(tx, project, name);
          return ConnectionRows.delete(tx, project, name);
        });
    credentials.forget(project, name);
  }

  /** What the connections' auth sends upstream: the routes' credential policies come from here. */
  public Credentials credentials() {
    return credentials;
  }

  /** Runs the handshake and lists the tools with the connection's credential; kept in history. */
  public Validation validate(String project, String name) {
    return validate(project, name, null);
  }

  /**
   * The same, as {@code user} (a principal id, or null): a per-user connection is validated with
   * that user's own token.
   */
  public Validation validate(String project, String name, String user) {
    return validate(project, name, user, "request");
  }

  /**
   * The same, with what asked for it kept in the history ({@code request}, {@code refresh}, {@code
   * schedule}).
   */
  public Validation validate(String project, String name, String user, String trigger) {
    Connection c = get(project, name);
    Instant at = Instant.ofEpochMilli(clock.millis());
    // The client's timeouts bound each answer's head; this bounds the whole conversation (a body
    // that never ends, a stream of events that never answers).
    java.util.concurrent.FutureTask<Validation> probe =
        new java.util.concurrent.FutureTask<>(() -> probe(c, at, user));
    Thread.ofVirtual().name("connection-validate").start(probe);
    Validation result;
    try {
      result = probe.get(timeout.toMillis() * 4, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      probe.cancel(true);
      result =
          Validation.failed(
              at,
              new McpFailure(
                  Diagnosis.TIMEOUT,
                  c.url() + " did not finish the handshake and tools/list in time"));
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      probe.cancel(true);
      result = Validation.failed(at, new McpFailure(Diagnosis.TIMEOUT, "interrupted"));
    }
    result = result.warn(expiry(c, at));
    Validation kept = result;
    db.write(
        tx -> {
          ConnectionRows.addCheck(
              tx,
              project,
              name,
              at.toEpochMilli(),
              validationJson(kept).put("trigger", trigger).toString());
          return null;
        });
    return result;
  }

  /** Warns {@link #EXPIRY_WARNING} ahead of a key's expiry date, and after it. */
  private static List<String> expiry(Connection c, Instant at) {
    if (!(c.auth() instanceof ConnectionAuth.Key k) || k.expiresAt() == null) {
      return List.of();
    }
    String w;
    if (!at.isBefore(k.expiresAt())) {
      w = "KEY_EXPIRED: the key expired at " + k.expiresAt() + "; set a new one";
    } else if (at.plus(EXPIRY_WARNING).isAfter(k.expiresAt())) {
      w =
          "KEY_EXPIRING: the key expires at "
              + k.expiresAt()
              + ", in "
              + Duration.between(at, k.expiresAt()).toDays()
              + " days; set a new one before then";
    } else {
      return List.of();
    }
    log.warn("connection {}/{}: {}", c.project(), c.name(), w);
    return List.of(w);
  }

  private Validation probe(Connection c, Instant at, String user) {
    try {
      ConnectionAuth.Key key =
          c.auth() instanceof ConnectionAuth.Key k ? k : new ConnectionAuth.Key(Map.of(), Map.of());
      Map<String, String> headers = new LinkedHashMap<>(render(c.project(), key.headers()));
      Secret bearer = credentials.bearer(c, user);
      if (bearer != null) {
        headers.put("Authorization", "Bearer " + bearer.reveal());
      }
      McpClient.Options options =
          new McpClient.Options(timeout, headers, render(c.project(), key.query()))
              .withTls(credentials.tls(c))
              .withProxy(credentials.proxy(c))
              .withEra(c.protocol());
      try (McpClient client = McpClient.open(c.url(), c.transport(), egress, options)) {
        List<JsonNode> listed = new ArrayList<>();
        client.listTools().forEach(listed::add);
        List<String> tools = ToolSchema.names(listed);
        Validation v =
            Validation.connected(
                at,
                "connected to " + c.url(),
                client.transport().configName(),
                client.protocolVersion(),
                client.serverInfo().path("name").asString(null),
                client.serverInfo().path("version").asString(null),
                tools);
        return PinnedTools.apply(c, v, listed, egress, options);
      }
    } catch (McpFailure f) {
      return Validation.failed(at, f);
    }
  }

  /** The connection's validations, newest first. */
  public List<JsonNode> checks(String project, String name) {
    get(project, name);
    return db.read(tx -> ConnectionRows.checks(tx, project, name)).stream()
        .map(JSON::readTree)
        .toList();
  }

  /** Fills the {@code ${secret:NAME}} references of each template from the vault. */
  private Map<String, String> render(String project, Map<String, String> templates)
      throws McpFailure {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : templates.entrySet()) {
      Matcher m = UpstreamSecrets.REFERENCE.matcher(e.getValue());
      StringBuilder s = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(s, Matcher.quoteReplacement(secret(project, m.group(1))));
      }
      m.appendTail(s);
      out.put(e.getKey(), s.toString());
    }
    return out;
  }

  private String secret(String project, String name) throws McpFailure {
    Vault v = vault.get();
    try {
      if (v == null) {
        throw new McpFailure(
            io.gatehouse.policy.PolicyErrors.UPSTREAM_CREDENTIAL_MISSING,
            "the vault is locked, so secret '" + name + "' cannot be read");
      }
      return v.get(project, name).reveal();
    } catch (VaultException e) {
      throw new McpFailure(
          io.gatehouse.policy.PolicyErrors.UPSTREAM_CREDENTIAL_MISSING,
          "secret '" + name + "' of project '" + project + "': " + e.getMessage());
    }
  }

  // ---- JSON

  /**
   * An http(s) URL Gatehouse may connect to: https, or http to loopback (or anywhere with {@code
   * allowInsecure}); no credentials in it; not a refused address.
   */
  private URI checkedUrl(String field, String text, boolean allowInsecure) {
    return ConnectionUrls.checked(field, text, egress, allowInsecure);
  }

  private static Connection connection(ConnectionRows.Row r) {
    ConnectionAuth auth = AuthJson.read(JSON.readTree(r.auth()));
    OptionsJson.Options options = OptionsJson.read(r.options());
    return new Connection(
        r.project(),
        r.name(),
        URI.create(r.url()),
        UpstreamTransport.fromConfig(r.transport()),
        auth,
        Instant.ofEpochMilli(r.createdAt()),
        Instant.ofEpochMilli(r.updatedAt()),
        options.tls(),
        options.allowInsecure(),
        r.origin() == null ? null : origin(JSON.readTree(r.origin())),
        r.managedBy(),
        options.proxy(),
        options.toolSchema(),
        options.metadataUrl(),
        options.protocol());
  }

  private static Connection.Origin origin(JsonNode n) {
    return new Connection.Origin(
        text(n, "server"), text(n, "version"), text(n, "environment"), text(n, "authScheme"));
  }

  /** A connection as the admin API shows it: templates name secrets, never a value. */
  public static ObjectNode json(Connection c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("project", c.project()).put("name", c.name()).put("url", c.url().toString());
    n.put("transport", c.transport().configName());
    n.set("auth", AuthJson.json(c.auth()));
    n.put("createdAt", c.createdAt().toString()).put("updatedAt", c.updatedAt().toString());
    JsonNode options = JSON.readTree(OptionsJson.json(OptionsJson.Options.of(c)));
    options.properties().forEach(e -> n.set(e.getKey(), e.getValue()));
    if (c.from() != null) {
      ObjectNode f = n.putObject("from");
      f.put("server", c.from().server()).put("version", c.from().version());
      f.put("environment", c.from().environment());
      if (c.from().authScheme() != null) {
        f.put("authScheme", c.from().authScheme());
      }
    }
    n.put("managedBy", c.managedBy());
    return n;
  }

  public static ObjectNode validationJson(Validation v) {
    ObjectNode n = JSON.createObjectNode();
    n.put("checkedAt", v.checkedAt().toString()).put("status", v.status());
    if (v.diagnosis() != null) {
      n.put("diagnosis", v.diagnosis()).put("message", v.message()).put("hint", v.hint());
      ObjectNode d = n.putObject("details");
      v.details().forEach(d::put);
    } else {
      n.put("transport", v.transport()).put("protocolVersion", v.protocolVersion());
      ObjectNode s = n.putObject("serverInfo");
      s.put("name", v.serverName()).put("version", v.serverVersion());
      n.put("toolCount", v.tools().size()).put("toolsFrom", v.toolsFrom());
      var tools = n.putArray("tools");
      v.tools().forEach(tools::add);
    }
    if (!v.warnings().isEmpty()) {
      var warnings = n.putArray("warnings");
      v.warnings().forEach(warnings::add);
    }
    return n;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isString() ? v.stringValue() : null;
  }

  private static GatehouseException invalid(String message) {
    return new GatehouseException(ConnectErrors.INVALID_CONNECTION, message);
  }
}
