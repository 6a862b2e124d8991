package io.gatehouse.connect.consent;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpClient;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.oauth.AuthServerMetadata;
import io.gatehouse.connect.oauth.Challenge;
import io.gatehouse.connect.oauth.ClientAuth;
import io.gatehouse.connect.oauth.ClientRegistration;
import io.gatehouse.connect.oauth.Discovery;
import io.gatehouse.connect.oauth.Registrar;
import io.gatehouse.connect.oauth.ResourceMetadata;
import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import io.gatehouse.policy.PolicyErrors;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import io.gatehouse.vault.VaultException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a per-user connection's users consent and whose client Gatehouse is there: as configured,
 * or discovered as the MCP authorization spec says (the upstream's 401 → its Protected Resource
 * Metadata → the authorization server's metadata), with Gatehouse's client pre-registered (the
 * configured id) or registered dynamically (RFC 7591) once and kept in the vault. What was
 * discovered is kept for {@link #KEPT}.
 */
public final class UserOAuthServers {
  static final Duration KEPT = Duration.ofMinutes(10);
  private static final JsonMapper JSON = JsonMapper.shared();

  private final Supplier<Vault> vault;
  private final Egress egress;
  private final Duration timeout;
  private final Supplier<URI> redirectUrl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** Where to send a user, where to redeem codes and refresh tokens, and as which client. */
  public record Resolved(
      URI authorizationUrl,
      URI tokenUrl,
      URI refreshUrl,
      ClientAuth client,
      List<String> scopes,
      String resource,
      String issuer,
      boolean issRequired) {
    /** Servers configured by hand: their issuer is not known, so {@code iss} is not checked. */
    public Resolved(
        URI authorizationUrl,
        URI tokenUrl,
        URI refreshUrl,
        ClientAuth client,
        List<String> scopes,
        String resource) {
      this(authorizationUrl, tokenUrl, refreshUrl, client, scopes, resource, null, false);
    }
  }

  private record Cached(java.time.Instant version, Resolved resolved, long at) {}

  public UserOAuthServers(
      Supplier<Vault> vault,
      Egress egress,
      Duration timeout,
      Supplier<URI> redirectUrl,
      Clock clock) {
    this.vault = requireNonNull(vault, "vault");
    this.egress = requireNonNull(egress, "egress");
    this.timeout = requireNonNull(timeout, "timeout");
    this.redirectUrl = requireNonNull(redirectUrl, "redirectUrl");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The servers and client of {@code c} (blocks: the vault, and discovery when configured). */
  public Resolved resolve(Connection c) throws McpFailure {
    ConnectionAuth.UserOAuth auth = (ConnectionAuth.UserOAuth) c.auth();
    if (!auth.discovered()) {
      return new Resolved(
          auth.authorizationUrl(),
          auth.tokenUrl(),
          auth.refreshUrl(),
          configuredClient(c, auth),
          auth.scopes(),
          auth.resource());
    }
    String key = c.project() + "/" + c.name();
    Cached k = cache.get(key);
    if (k != null
        && k.version().equals(c.updatedAt())
        && clock.millis() - k.at() < KEPT.toMillis()) {
      return k.resolved();
    }
    Resolved r = discover(c, auth);
    cache.put(key, new Cached(c.updatedAt(), r, clock.millis()));
    return r;
  }

  private Resolved discover(Connection c, ConnectionAuth.UserOAuth auth) throws McpFailure {
    Challenge challenge = challenge(c);
    Discovery discovery = new Discovery(egress, timeout);
    ResourceMetadata prm =
        discovery
            .protectedResource(c.url(), challenge)
            .orElseThrow(
                () ->
                    new McpFailure(
                        Diagnosis.AUTH_DISCOVERY_FAILED,
                        c.url() + " publishes no Protected Resource Metadata (RFC 9728)"));
    if (prm.authorizationServers().isEmpty()) {
      throw new McpFailure(
          Diagnosis.AUTH_DISCOVERY_FAILED,
          c.url() + ": its resource metadata names no authorization server");
    }
    AuthServerMetadata as = discovery.authorizationServer(prm.authorizationServers().getFirst());
    for (URI endpoint : List.of(as.authorizationEndpoint(), as.tokenEndpoint())) {
      if (!io.gatehouse.connect.ConnectionUrls.secureOrLocal(endpoint)) {
        // codes, tokens and client secrets never travel in the clear
        throw new McpFailure(
            Diagnosis.AUTH_DISCOVERY_FAILED,
            as.issuer() + " names an endpoint that is not https: " + endpoint);
      }
    }
    ClientAuth client =
        auth.clientId() != null ? configuredClient(c, auth) : registeredClient(c, as);
    List<String> scopes =
        !auth.scopes().isEmpty()
            ? auth.scopes()
            : !challenge.scopes().isEmpty()
                ? List.copyOf(challenge.scopes())
                : prm.scopesSupported();
    return new Resolved(
        as.authorizationEndpoint(),
        as.tokenEndpoint(),
        as.tokenEndpoint(),
        client,
        scopes,
        prm.resource(),
        as.issuer(),
        as.issParameterSupported());
  }

  /**
   * Gatehouse's client {@code clientId} at {@code issuer} (null: servers configured by hand), as it
   * was when a consent was started there; refused when Gatehouse is no longer that client (the
   * upstream moved to another server and Gatehouse registered there instead), so that a code is
   * only ever redeemed as the client it was issued to.
   */
  public ClientAuth clientAt(Connection c, String issuer, String clientId) throws McpFailure {
    ConnectionAuth.UserOAuth auth = (ConnectionAuth.UserOAuth) c.auth();
    if (auth.clientId() != null) {
      if (auth.clientId().equals(clientId)) {
        return configuredClient(c, auth);
      }
    } else if (issuer != null) {
      // the registration kept now, else an earlier one (the vault keeps each version): a consent
      // started before the upstream moved on is still finished as the client it was started as
      Vault v = open();
      try {
        List<io.gatehouse.vault.SecretInfo> versions =
            new java.util.ArrayList<>(v.versions(c.project(), registration(c)));
        versions.sort(
            java.util.Comparator.comparingLong(io.gatehouse.vault.SecretInfo::version).reversed());
        for (io.gatehouse.vault.SecretInfo info : versions) {
          JsonNode kept =
              JSON.readTree(v.get(c.project(), registration(c), info.version()).reveal());
          if (issuer.equals(kept.path("issuer").asString())
              && clientId.equals(kept.path("clientId").asString())) {
            return client(kept);
          }
        }
      } catch (VaultException e) {
        if (!VaultErrors.SECRET_NOT_FOUND.key().equals(e.error().key())) {
          throw e;
        }
      }
    }
    throw new io.gatehouse.core.GatehouseException(
        ConsentErrors.CONSENT_NOT_FOUND,
        "Gatehouse is no longer the same client at "
            + (issuer == null ? "the connection's authorization server" : issuer)
            + "; start again from your consent link");
  }

  private static String registration(Connection c) {
    return "connection." + c.name() + ".registered-client";
  }

  /** The upstream's 401 challenge to an unauthenticated handshake. */
  private Challenge challenge(Connection c) throws McpFailure {
    McpClient.Options o = new McpClient.Options(timeout, Map.of(), Map.of()).withEra(c.protocol());
    try (McpClient client = McpClient.open(c.url(), c.transport(), egress, o)) {
      throw new McpFailure(
          Diagnosis.AUTH_DISCOVERY_FAILED,
          c.url() + " answers without authorization: no per-user consent is needed");
    } catch (McpFailure f) {
      if (!Diagnosis.UNAUTHORIZED.key().equals(f.error().key())) {
        throw f;
      }
      String header = f.facts().get("wwwAuthenticate");
      return header == null ? Challenge.NONE : Challenge.parse(header);
    }
  }

  /** The client registered for this connection before, or a new dynamic registration, kept. */
  private ClientAuth registeredClient(Connection c, AuthServerMetadata as) throws McpFailure {
    String name = registration(c);
    Vault v = open();
    try {
      JsonNode kept = JSON.readTree(v.get(c.project(), name).reveal());
      if (as.issuer() != null && as.issuer().equals(kept.path("issuer").asString())) {
        return client(kept);
      }
    } catch (VaultException e) {
      if (!VaultErrors.SECRET_NOT_FOUND.key().equals(e.error().key())) {
        throw e;
      }
    }
    ClientAuth registered =
        new Registrar(egress, timeout)
            .clientFor(
                as,
                new ClientRegistration(
                    "Gatehouse (" + c.project() + "/" + c.name() + ")",
                    redirectUrl.get(),
                    null,
                    null,
                    null));
    var n = JSON.createObjectNode().put("issuer", as.issuer()).put("method", registered.method());
    n.put("clientId", registered.clientId());
    switch (registered) {
      case ClientAuth.Basic b -> n.put("secret", b.secret().reveal());
      case ClientAuth.Post p -> n.put("secret", p.secret().reveal());
      default -> {}
    }
    v.put(c.project(), name, Secret.of(n.toString()));
    return registered;
  }

  private static ClientAuth client(JsonNode kept) {
    String id = kept.path("clientId").asString();
    return switch (kept.path("method").asString()) {
      case "client_secret_basic" ->
          new ClientAuth.Basic(id, Secret.of(kept.path("secret").asString()));
      case "client_secret_post" ->
          new ClientAuth.Post(id, Secret.of(kept.path("secret").asString()));
      default -> new ClientAuth.None(id);
    };
  }

  /** The configured client: its secret from the vault, or a public client. */
  ClientAuth configuredClient(Connection c, ConnectionAuth.UserOAuth auth) throws McpFailure {
    if (auth.clientSecret() == null) {
      return new ClientAuth.None(auth.clientId());
    }
    Secret secret;
    try {
      secret = open().get(c.project(), auth.clientSecret());
    } catch (VaultException e) {
      throw new McpFailure(
          PolicyErrors.UPSTREAM_CREDENTIAL_MISSING,
          "secret '"
              + auth.clientSecret()
              + "' of project '"
              + c.project()
              + "': "
              + e.getMessage());
    }
    return ConnectionAuth.ClientCredentials.POST.equals(auth.method())
        ? new ClientAuth.Post(auth.clientId(), secret)
        : new ClientAuth.Basic(auth.clientId(), secret);
  }

  private Vault open() {
    Vault v = vault.get();
    if (v == null) {
      throw new VaultException(VaultErrors.VAULT_LOCKED, "the vault is locked");
    }
    return v;
  }
}
