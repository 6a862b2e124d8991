package io.gatehouse.connect.consent;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.connect.oauth.TokenEndpoint;
import io.gatehouse.connect.oauth.TokenResponse;
import io.gatehouse.core.Secret;
import io.gatehouse.policy.PolicyErrors;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import io.gatehouse.vault.VaultException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each user's tokens for each per-user connection, kept in the vault (secret {@code
 * connection.<name>.user.<hash of the user>}, encrypted like every secret) and in memory for the
 * request path. A token near expiry is refreshed at the connection's refresh URL by one caller
 * while the user's other calls wait; a refresh the authorization server refuses ({@code
 * invalid_grant}: revoked or expired) forgets the tokens, so the user is asked to consent again.
 *
 * <p>Tokens are bound to the authorization server that minted them ({@link TokenIssuer}; RFC 9207,
 * MCP 2026-07-28 SEP-2352). Before a refresh, the connection's server is resolved again: when it is
 * another one now (the upstream's resource metadata names another server), the refresh token is
 * never sent there; the tokens are forgotten and the user consents again. Tokens kept before the
 * issuer was kept with them are refreshed only where the connection's server is configured by hand;
 * where it is discovered, which server minted them is not known, so they are used until they are
 * due and then forgotten (the user consents again, once).
 */
public final class UserTokens {
  static final Duration EARLY = Duration.ofSeconds(30);
  static final Duration UNSAID_LIFETIME = Duration.ofMinutes(5);

  /** How long a token read from the vault is trusted before it is read again (revocations). */
  static final Duration REREAD = Duration.ofSeconds(30);

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UserTokens.class);

  private final Supplier<Vault> vault;
  private final TokenEndpoint endpoint;
  private final UserOAuthServers servers;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** One refresh at a time per user, by a fixed set of locks chosen by hash (never growing). */
  private final ReentrantLock[] locks = new ReentrantLock[64];

  /** What the vault keeps for one user and connection. */
  record Stored(
      Secret access,
      Secret refresh,
      long expiresAt,
      String scope,
      long grantedAt,
      String user,
      TokenIssuer issuer) {
    AccessToken token() {
      return new AccessToken(access, Instant.ofEpochMilli(expiresAt));
    }
  }

  private record Cached(Stored stored, Instant version, long readAt) {}

  public UserTokens(
      Supplier<Vault> vault, TokenEndpoint endpoint, UserOAuthServers servers, Clock clock) {
    this.vault = requireNonNull(vault, "vault");
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.servers = requireNonNull(servers, "servers");
    this.clock = requireNonNull(clock, "clock");
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The vault secret that holds {@code user}'s tokens for {@code connection}. */
  public static String secretName(String connection, String user) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
      return "connection." + connection + ".user." + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The user's token if it is cached and good for a while yet, else null; never blocks. */
  public AccessToken fresh(Connection c, String user) {
    Cached k = cache.get(key(c, user));
    return k != null && current(k, c) && usable(k.stored()) ? k.stored().token() : null;
  }

  /**
   * The last token known for the user, even one due for renewal, or null: what goes on the wire.
   */
  public AccessToken last(Connection c, String user) {
    Cached k = cache.get(key(c, user));
    return k == null || !k.version().equals(c.updatedAt()) ? null : k.stored().token();
  }

  /**
   * A fresh token for the user: from memory, the vault, or a refresh (blocks); null when the user
   * has not consented, or must consent again.
   */
  public AccessToken get(Connection c, String user) throws McpFailure {
    AccessToken t = fresh(c, user);
    if (t != null) {
      return t;
    }
    ReentrantLock lock = lock(c, user);
    lock.lock();
    try {
      t = fresh(c, user);
      if (t != null) {
        return t;
      }
      Stored s = read(c, user).orElse(null);
      if (s != null && !usable(s)) {
        s = refresh(c, user, s);
      }
      if (s == null) {
        cache.remove(key(c, user));
        return null;
      }
      cache.put(key(c, user), new Cached(s, c.updatedAt(), clock.millis()));
      return s.token();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The upstream refused {@code refused} (401): refresh now, once; true when a new token is had.
   */
  public boolean renew(Connection c, String user, AccessToken refused) throws McpFailure {
    ReentrantLock lock = lock(c, user);
    lock.lock();
    try {
      AccessToken now = last(c, user);
      if (now != null && now != refused && !now.value().equals(refused.value())) {
        return true; // renewed by another call meanwhile
      }
      Stored s = read(c, user).orElse(null);
      Stored renewed = s == null ? null : refresh(c, user, s);
      if (renewed == null) {
        cache.remove(key(c, user));
        return false;
      }
      cache.put(key(c, user), new Cached(renewed, c.updatedAt(), clock.millis()));
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps what a consent's code exchange at {@code issuer} returned, replacing the user's earlier
   * tokens.
   */
  public void store(Connection c, String user, TokenResponse r, TokenIssuer issuer) {
    java.util.Objects.requireNonNull(issuer, "issuer");
    long now = clock.millis();
    Stored s =
        new Stored(
            r.accessToken(),
            r.refreshToken(),
            now + (r.expiresIn() == null ? UNSAID_LIFETIME : r.expiresIn()).toMillis(),
            r.scope(),
            now,
            user,
            issuer);
    write(c, user, s);
    cache.put(key(c, user), new Cached(s, c.updatedAt(), now));
  }

  /**
   * Forgets the user's tokens for the connection (a revoked consent); false if there were none. A
   * refresh under way finishes first, so it cannot write them back.
   */
  public boolean revoke(Connection c, String user) {
    ReentrantLock lock = lock(c, user);
    lock.lock();
    try {
      cache.remove(key(c, user));
      open().delete(c.project(), secretName(c.name(), user));
      return true;
    } catch (VaultException e) {
      if (VaultErrors.SECRET_NOT_FOUND.key().equals(e.error().key())) {
        return false;
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private ReentrantLock lock(Connection c, String user) {
    return locks[Math.floorMod(key(c, user).hashCode(), locks.length)];
  }

  /** What is known of the user's consent to {@code c}: when granted, scope, expiry; no token. */
  public Optional<Map<String, Object>> describe(Connection c, String user) throws McpFailure {
    return read(c, user)
        .map(
            s -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("grantedAt", Instant.ofEpochMilli(s.grantedAt()).toString());
              out.put("expiresAt", Instant.ofEpochMilli(s.expiresAt()).toString());
              out.put("refreshable", s.refresh() != null);
              if (s.scope() != null) {
                out.put("scope", s.scope());
              }
              if (s.issuer() != null && s.issuer().issuer() != null) {
                out.put("issuer", s.issuer().issuer());
              }
              return out;
            });
  }

  private Stored refresh(Connection c, String user, Stored s) throws McpFailure {
    if (s.refresh() == null) {
      forget(c, user);
      return null;
    }
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "refresh_token");
    grant.put("refresh_token", s.refresh().reveal());
    TokenResponse r;
    TokenIssuer current;
    try {
      UserOAuthServers.Resolved auth = servers.resolve(c);
      current = TokenIssuer.of(auth);
      if (s.issuer() == null
          ? !TokenIssuer.adoptable((ConnectionAuth.UserOAuth) c.auth())
          : !s.issuer().same(current)) {
        // minted by another server than the connection names now (or by one not known): its
        // refresh token is never sent to this one; the user consents again
        LOG.info(
            "per-user tokens for connection '{}' of project '{}' were issued by {}, not {}:"
                + " forgotten, their user is asked to consent again",
            c.name(),
            c.project(),
            s.issuer() == null ? "a server not recorded" : describe(s.issuer()),
            describe(current));
        forget(c, user);
        return null;
      }
      if (auth.resource() != null) {
        grant.put("resource", auth.resource());
      }
      r = endpoint.request(auth.refreshUrl(), auth.client(), grant);
    } catch (McpFailure f) {
      if ("invalid_grant".equals(f.facts().get("error"))) {
        // revoked or expired: the user consents again; unless another replica refreshed with
        // this refresh token meanwhile and kept a new one, which then stands
        Stored now = read(c, user).orElse(null);
        if (now != null
            && now.refresh() != null
            && !now.refresh().equals(s.refresh())
            && usable(now)) {
          return now;
        }
        forget(c, user);
        return null;
      }
      throw new McpFailure(ConsentErrors.CONSENT_REFRESH_FAILED, f.getMessage(), f.facts());
    }
    long now = clock.millis();
    Stored renewed =
        new Stored(
            r.accessToken(),
            r.refreshToken() == null ? s.refresh() : r.refreshToken(),
            now + (r.expiresIn() == null ? UNSAID_LIFETIME : r.expiresIn()).toMillis(),
            r.scope() == null ? s.scope() : r.scope(),
            s.grantedAt(),
            user,
            s.issuer() == null ? current : s.issuer());
    write(c, user, renewed);
    return renewed;
  }

  /** Where the connection's users consent and refresh, and as which client. */
  public UserOAuthServers servers() {
    return servers;
  }

  private void forget(Connection c, String user) {
    revoke(c, user);
  }

  private Optional<Stored> read(Connection c, String user) throws McpFailure {
    Secret value;
    try {
      value = open().get(c.project(), secretName(c.name(), user));
    } catch (VaultException e) {
      if (VaultErrors.SECRET_NOT_FOUND.key().equals(e.error().key())) {
        return Optional.empty();
      }
      throw new McpFailure(PolicyErrors.UPSTREAM_CREDENTIAL_MISSING, e.getMessage());
    }
    JsonNode n = JSON.readTree(value.reveal());
    if (!user.equals(n.path("user").asString())) {
      return Optional.empty(); // a hash collision: never another user's token
    }
    return Optional.of(
        new Stored(
            Secret.of(n.path("access").asString()),
            n.path("refresh").isString() ? Secret.of(n.path("refresh").asString()) : null,
            n.path("expiresAt").asLong(),
            n.path("scope").isString() ? n.path("scope").asString() : null,
            n.path("grantedAt").asLong(),
            user,
            n.path("tokenUrl").isString()
                ? new TokenIssuer(
                    n.path("issuer").isString() ? n.path("issuer").asString() : null,
                    n.path("tokenUrl").asString(),
                    n.path("refreshUrl").isString() ? n.path("refreshUrl").asString() : null)
                : null)); // kept before issuers were: see the class comment
  }

  private void write(Connection c, String user, Stored s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("user", user).put("access", s.access().reveal());
    if (s.refresh() != null) {
      n.put("refresh", s.refresh().reveal());
    }
    n.put("expiresAt", s.expiresAt()).put("grantedAt", s.grantedAt());
    if (s.scope() != null) {
      n.put("scope", s.scope());
    }
    if (s.issuer() != null) {
      if (s.issuer().issuer() != null) {
        n.put("issuer", s.issuer().issuer());
      }
      n.put("tokenUrl", s.issuer().tokenUrl());
      if (s.issuer().refreshUrl() != null) {
        n.put("refreshUrl", s.issuer().refreshUrl());
      }
    }
    Vault v = open();
    String name = secretName(c.name(), user);
    try {
      v.delete(c.project(), name); // one version per user: old tokens are not kept
    } catch (VaultException e) {
      if (!VaultErrors.SECRET_NOT_FOUND.key().equals(e.error().key())) {
        throw e;
      }
    }
    v.put(c.project(), name, Secret.of(n.toString()));
  }

  private boolean current(Cached k, Connection c) {
    return k.version().equals(c.updatedAt()) && clock.millis() - k.readAt() < REREAD.toMillis();
  }

  private boolean usable(Stored s) {
    return clock.millis() < s.expiresAt() - EARLY.toMillis();
  }

  private static String describe(TokenIssuer i) {
    return i.issuer() != null ? i.issuer() : "the server at " + i.tokenUrl();
  }

  private static String key(Connection c, String user) {
    return c.project() + "/" + c.name() + "/" + user;
  }

  private Vault open() {
    Vault v = vault.get();
    if (v == null) {
      throw new VaultException(
          VaultErrors.VAULT_LOCKED, "the vault is locked, so per-user tokens cannot be read");
    }
    return v;
  }
}
