package io.gatehouse.connect.credential;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.ConnectionProxy;
import io.gatehouse.connect.ConnectionTls;
import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.Pkcs8;
import io.gatehouse.connect.consent.ConsentErrors;
import io.gatehouse.connect.consent.Consents;
import io.gatehouse.connect.consent.UserCredential;
import io.gatehouse.connect.consent.UserTokens;
import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.connect.oauth.ClientAuth;
import io.gatehouse.connect.oauth.TokenEndpoint;
import io.gatehouse.connect.oauth.TokenResponse;
import io.gatehouse.core.Secret;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamProxy;
import io.gatehouse.gateway.UpstreamTls;
import io.gatehouse.policy.PolicyErrors;
import io.gatehouse.policy.SecretValues;
import io.gatehouse.policy.UpstreamSecrets;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns a connection's auth into what goes upstream: the policy a route runs ({@link #policy}) and
 * the token a validation sends ({@link #bearer}). AccessToken caches live here, one per connection
 * version, so routes republished for an unrelated change keep their tokens, and a changed
 * connection starts afresh.
 */
public final class Credentials {
  /** Assumed when a token endpoint does not say how long its token lives. */
  static final Duration UNSAID_LIFETIME = Duration.ofMinutes(5);

  private final Supplier<Vault> vault;
  private final SecretValues secrets;
  private final WorkloadTokens workload;
  private final TokenEndpoint tokenEndpoint;
  private final Clock clock;
  private final Map<String, Cached> caches = new ConcurrentHashMap<>();
  private volatile UserTokens userTokens;
  private volatile Consents consents;

  private record Cached(Instant version, TokenCache tokens) {}

  public Credentials(
      Supplier<Vault> vault,
      SecretValues secrets,
      WorkloadTokens workload,
      TokenEndpoint tokenEndpoint,
      Clock clock) {
    this.vault = requireNonNull(vault, "vault");
    this.secrets = requireNonNull(secrets, "secrets");
    this.workload = requireNonNull(workload, "workload");
    this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Binds per-user consent, which needs the connections these credentials serve (so it is made
   * after them).
   */
  public void bindConsent(UserTokens userTokens, Consents consents) {
    this.userTokens = requireNonNull(userTokens, "userTokens");
    this.consents = requireNonNull(consents, "consents");
  }

  /** The policy that sets {@code c}'s credential on every upstream request, or null for none. */
  public McpPolicy policy(Connection c) {
    return switch (c.auth()) {
      case ConnectionAuth.None n -> null;
      case ConnectionAuth.Key k -> {
        UpstreamSecrets current = new UpstreamSecrets(c.project(), k.headers(), k.query(), secrets);
        yield k.overlap().isZero()
            ? current
            : new KeyCredential(c.project(), k, current, vault, clock);
      }
      case ConnectionAuth.ClientCredentials cc -> new BearerCredential(c.name(), tokens(c));
      case ConnectionAuth.Workload w when w.callingAgent() ->
          new AgentCredential(c.project(), c.name(), w.audience(), workload, clock);
      case ConnectionAuth.Workload w -> new BearerCredential(c.name(), tokens(c));
      case ConnectionAuth.UserOAuth u -> new UserCredential(c, userTokens, consents);
    };
  }

  /**
   * The bearer token {@code c} sends now for {@code user} (null when no user is known), fetched if
   * need be (blocks), or null for auth types without one. A workload connection that speaks as the
   * calling agent sends its project's identity here: a validation is no agent's call.
   */
  public Secret bearer(Connection c, String user) throws McpFailure {
    return switch (c.auth()) {
      case ConnectionAuth.ClientCredentials cc -> tokens(c).get().value();
      case ConnectionAuth.Workload w -> tokens(c).get().value();
      case ConnectionAuth.UserOAuth u -> userBearer(c, user);
      default -> null;
    };
  }

  /** The user's own token, for validating a per-user connection as them. */
  private Secret userBearer(Connection c, String user) throws McpFailure {
    if (user == null) {
      throw new McpFailure(
          ConsentErrors.CONSENT_REQUIRED,
          "a per-user connection is validated as a user: validate it with your own API key or"
              + " token (not the admin token), after consenting");
    }
    AccessToken t = userTokens.get(c, user);
    if (t == null) {
      Consents.Pending p = consents.link(c, user);
      throw new McpFailure(
          ConsentErrors.CONSENT_REQUIRED,
          "you have not consented to '" + c.name() + "' yet: open details.consentUrl",
          Map.of("consentUrl", consents.url(p).toString()));
    }
    return t.value();
  }

  /** The token cache of {@code c} as it is now (a changed connection gets a new one). */
  public TokenCache tokens(Connection c) {
    String key = c.project() + "/" + c.name();
    Cached cached =
        caches.compute(
            key,
            (k, old) ->
                old != null && old.version().equals(c.updatedAt())
                    ? old
                    : new Cached(c.updatedAt(), new TokenCache(source(c), clock)));
    return cached.tokens();
  }

  /**
   * The TLS options the gateway uses toward {@code c}'s upstream, with the client key read from the
   * vault (blocks), or null for the JDK's defaults.
   */
  public UpstreamTls tls(Connection c) throws McpFailure {
    ConnectionTls t = c.tls();
    if (t == null) {
      return null;
    }
    return new UpstreamTls(
        t.ca(),
        t.clientCertificate(),
        t.clientKey() == null ? null : secret(c.project(), t.clientKey()));
  }

  /**
   * The proxy {@code c}'s upstream connections go through, with its credential read from the vault
   * (blocks), or null for none.
   */
  public UpstreamProxy proxy(Connection c) throws McpFailure {
    ConnectionProxy p = c.proxy();
    if (p == null) {
      return null;
    }
    return UpstreamProxy.of(
        p.url(), p.credential() == null ? null : secret(c.project(), p.credential()));
  }

  /** Drops a deleted connection's tokens. */
  public void forget(String project, String name) {
    caches.remove(project + "/" + name);
  }

  private TokenCache.TokenSource source(Connection c) {
    return switch (c.auth()) {
      case ConnectionAuth.Workload w when w.exchange() != null -> () -> exchanged(w.exchange());
      // a validation has no calling agent: it speaks as the project, as unpublished agents do
      case ConnectionAuth.Workload w when w.callingAgent() ->
          () -> workload.mint("project:" + c.project(), w.audience());
      case ConnectionAuth.Workload w -> () -> workload.mint(w.identity(), w.audience());
      case ConnectionAuth.ClientCredentials cc -> () -> clientCredentials(c.project(), cc);
      default -> () -> null;
    };
  }

  /** A token from an external server, the client authenticated with Gatehouse's workload key. */
  private AccessToken exchanged(ConnectionAuth.Exchange e) throws McpFailure {
    ClientAuth auth = workload.clientAuth(e.clientId(), e.assertionAudience());
    return grant(e.tokenUrl(), auth, e.scopes(), e.resource(), e.audience());
  }

  /** The client credentials grant (RFC 6749 §4.4), its token kept until it expires. */
  private AccessToken grant(
      java.net.URI tokenUrl,
      ClientAuth auth,
      java.util.List<String> scopes,
      String resource,
      String audience)
      throws McpFailure {
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "client_credentials");
    if (!scopes.isEmpty()) {
      grant.put("scope", String.join(" ", scopes));
    }
    if (resource != null) {
      grant.put("resource", resource);
    }
    if (audience != null) {
      grant.put("audience", audience);
    }
    TokenResponse r = tokenEndpoint.request(tokenUrl, auth, grant);
    Duration lifetime = r.expiresIn() == null ? UNSAID_LIFETIME : r.expiresIn();
    return new AccessToken(r.accessToken(), Instant.ofEpochMilli(clock.millis()).plus(lifetime));
  }

  private AccessToken clientCredentials(String project, ConnectionAuth.ClientCredentials cc)
      throws McpFailure {
    Secret secret = secret(project, cc.clientSecret());
    ClientAuth auth =
        switch (cc.method()) {
          case ConnectionAuth.ClientCredentials.POST -> new ClientAuth.Post(cc.clientId(), secret);
          case ConnectionAuth.ClientCredentials.PRIVATE_KEY_JWT -> keyed(cc, secret);
          default -> new ClientAuth.Basic(cc.clientId(), secret);
        };
    return grant(cc.tokenUrl(), auth, cc.scopes(), cc.resource(), cc.audience());
  }

  /** {@code private_key_jwt} with the client's own key (EC signs ES256, RSA RS256). */
  private static ClientAuth keyed(ConnectionAuth.ClientCredentials cc, Secret pem)
      throws McpFailure {
    java.security.PrivateKey key = Pkcs8.read(pem.reveal());
    if (key == null) {
      throw new McpFailure(
          Diagnosis.TOKEN_FAILED, "the client's private key is not a PKCS#8 EC or RSA key in PEM");
    }
    String alg = key instanceof java.security.interfaces.ECPrivateKey ? "ES256" : "RS256";
    return new ClientAuth.PrivateKeyJwt(
        cc.clientId(), key, alg, cc.assertionAudience(), cc.keyId());
  }

  private Secret secret(String project, String name) throws McpFailure {
    Vault v = vault.get();
    if (v == null) {
      throw new McpFailure(
          PolicyErrors.UPSTREAM_CREDENTIAL_MISSING,
          "the vault is locked, so secret '" + name + "' cannot be read");
    }
    try {
      return v.get(project, name);
    } catch (VaultException e) {
      throw new McpFailure(
          PolicyErrors.UPSTREAM_CREDENTIAL_MISSING,
          "secret '" + name + "' of project '" + project + "': " + e.getMessage());
    }
  }
}
