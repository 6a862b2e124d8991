package io.gatehouse.connect.consent;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.internal.ConsentRows;
import io.gatehouse.connect.oauth.TokenEndpoint;
import io.gatehouse.connect.oauth.TokenResponse;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Secret;
import io.gatehouse.store.Database;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import io.gatehouse.vault.VaultException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-user consent, once per user, connection and project. A user without a token gets a link,
 * {@code /oauth/consent/{id}}, bound to them; the page makes them sign in to Gatehouse, and only
 * the user it was issued for may go on to the authorization server, with a fresh {@code state} and
 * a PKCE S256 challenge; {@code /oauth/callback} takes the code once, exchanges it (with the
 * verifier and the {@code resource}) and keeps the tokens for that user. Links expire after {@link
 * #LIFETIME}; a state is used once. The PKCE verifier is never stored: it is derived from the state
 * with a key kept in the vault, so any replica can finish what another started.
 */
public final class Consents {
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  public static final String CALLBACK = "/oauth/callback";
  public static final String CONSENT = "/oauth/consent/";
  private static final String KEY_PROJECT = "gatehouse.system";
  private static final String KEY_NAME = "consent.pkce-key";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;
  private final Connections connections;
  private final UserTokens tokens;
  private final TokenEndpoint endpoint;
  private final Supplier<Vault> vault;
  private final Supplier<URI> publicUrl;
  private final Clock clock;

  /** A consent link's page: who it is for and what it connects. */
  public record Pending(String id, String project, String connection, String user) {}

  /** What the callback did: the connection is now connected for the user. */
  public record Granted(String project, String connection, String user) {}

  /**
   * A started consent: where to send the browser, and the nonce to keep in that browser (a cookie)
   * so that only it can finish.
   */
  public record Started(URI authorizationUrl, String browserNonce) {}

  public Consents(
      Database db,
      Connections connections,
      UserTokens tokens,
      TokenEndpoint endpoint,
      Supplier<Vault> vault,
      Supplier<URI> publicUrl,
      Clock clock) {
    this.db = requireNonNull(db, "db");
    this.connections = requireNonNull(connections, "connections");
    this.tokens = requireNonNull(tokens, "tokens");
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.vault = requireNonNull(vault, "vault");
    this.publicUrl = requireNonNull(publicUrl, "publicUrl");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The redirect URL to register with the authorization server. */
  public URI redirectUrl() {
    return base().resolve(CALLBACK);
  }

  /** The user's consent link for {@code c}: the pending one, or a new one. */
  public Pending link(Connection c, String user) {
    long now = clock.millis();
    return db.write(
        tx -> {
          ConsentRows.prune(tx, now);
          var existing = ConsentRows.pendingFor(tx, c.project(), c.name(), user, now);
          if (existing.isPresent()) {
            return pending(existing.get());
          }
          ConsentRows.Row row =
              new ConsentRows.Row(
                  random(),
                  c.project(),
                  c.name(),
                  user,
                  null,
                  ConsentRows.PENDING,
                  now,
                  now + LIFETIME.toMillis());
          ConsentRows.insert(tx, row);
          return pending(row);
        });
  }

  /** The link's URL. */
  public URI url(Pending p) {
    return base().resolve(CONSENT + p.id());
  }

  /** A link that can still be started, for its page. */
  public Pending pending(String id) {
    long now = clock.millis();
    return db.read(tx -> ConsentRows.find(tx, id))
        .filter(r -> ConsentRows.PENDING.equals(r.status()) && r.expiresAt() > now)
        .map(Consents::pending)
        .orElseThrow(
            () ->
                new GatehouseException(
                    ConsentErrors.CONSENT_NOT_FOUND, "no consent is waiting at this link"));
  }

  /**
   * The user who opened link {@code id} has signed in as {@code user}: when that is the user the
   * link was issued for, returns the authorization URL to send their browser to, and the nonce that
   * browser must hold when it comes back.
   */
  public Started start(String id, String user) {
    Pending p = pending(id);
    if (!MessageDigest.isEqual(
        p.user().getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8))) {
      throw new GatehouseException(
          ConsentErrors.CONSENT_WRONG_USER,
          "this link was issued to another user than the one signed in");
    }
    Connection c = connections.get(p.project(), p.connection());
    if (!(c.auth() instanceof ConnectionAuth.UserOAuth)) {
      throw new GatehouseException(
          ConsentErrors.CONSENT_NOT_FOUND,
          "connection '" + c.name() + "' no longer takes per-user consent");
    }
    UserOAuthServers.Resolved auth = tokens.servers().resolve(c);
    String state = random();
    String nonce = random();
    long now = clock.millis();
    long version = c.updatedAt().toEpochMilli();
    // the server this consent goes to, kept so that its code goes back there and nowhere else
    ConsentRows.Server server =
        new ConsentRows.Server(
            auth.issuer(),
            auth.tokenUrl().toString(),
            auth.client().clientId(),
            auth.resource(),
            auth.issRequired());
    if (!db.write(tx -> ConsentRows.start(tx, id, state, hash(nonce), version, server, now))) {
      throw new GatehouseException(ConsentErrors.CONSENT_NOT_FOUND, "this link was already used");
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", auth.client().clientId());
    q.put("redirect_uri", redirectUrl().toString());
    if (!auth.scopes().isEmpty()) { // MCP 2025-11-25: omitted when none is known
      q.put("scope", String.join(" ", auth.scopes()));
    }
    q.put("state", state);
    q.put("code_challenge", challenge(verifier(state)));
    q.put("code_challenge_method", "S256");
    if (auth.resource() != null) {
      q.put("resource", auth.resource());
    }
    return new Started(
        URI.create(
            auth.authorizationUrl()
                + (auth.authorizationUrl().getRawQuery() == null ? "?" : "&")
                + form(q)),
        nonce);
  }

  /**
   * The authorization server sent the browser back: with {@code code}, the tokens are fetched and
   * kept for the user; with {@code error}, the consent is declined. A state is taken once. The code
   * goes to the authorization server the consent was started with (its token endpoint, as the same
   * client, for the same resource), even when the upstream names another one by now; the tokens are
   * kept bound to that server. Where the server was discovered, its {@code iss} (RFC 9207, or null
   * when the redirect has none) must be its issuer, and must be there when its metadata says it
   * sends one; else the code is not redeemed.
   */
  public Granted finish(String state, String code, String error, String iss, String browserNonce)
      throws McpFailure {
    long now = clock.millis();
    ConsentRows.Row row =
        state == null ? null : db.read(tx -> ConsentRows.byState(tx, state)).orElse(null);
    if (row != null
        && (browserNonce == null
            || row.browser() == null
            || !MessageDigest.isEqual(
                row.browser().getBytes(StandardCharsets.US_ASCII),
                hash(browserNonce).getBytes(StandardCharsets.US_ASCII)))) {
      // another browser than the one that started: a forged or leaked sign-in, never finished
      throw new GatehouseException(
          ConsentErrors.CONSENT_WRONG_BROWSER,
          "this sign-in was started in another browser; start again from your consent link");
    }
    if (row == null || !db.write(tx -> ConsentRows.use(tx, state, now))) {
      throw new GatehouseException(
          ConsentErrors.CONSENT_NOT_FOUND,
          "this sign-in is unknown, expired or was already completed");
    }
    if (error != null || code == null) {
      throw new GatehouseException(
          ConsentErrors.CONSENT_DECLINED,
          "the authorization server answered "
              + (error == null
                  ? "without a code"
                  : "'" + error.replaceAll("[^A-Za-z0-9_.-]", "") + "'"));
    }
    Connection c = connections.get(row.project(), row.connection());
    if (!(c.auth() instanceof ConnectionAuth.UserOAuth)
        || c.updatedAt().toEpochMilli() != row.connectionVersion()) {
      // its servers may have changed: a code for one is never sent to another
      throw new GatehouseException(
          ConsentErrors.CONSENT_NOT_FOUND, "connection '" + c.name() + "' changed meanwhile");
    }
    ConsentRows.Server server = row.server();
    if (server == null) {
      throw new GatehouseException(
          ConsentErrors.CONSENT_NOT_FOUND,
          "this sign-in was started before Gatehouse was upgraded; start again from your consent"
              + " link");
    }
    // the server the consent was started with, never the one the connection names now: a code
    // (and the verifier) goes only to the server that issued it (RFC 9207, SEP-2352)
    if (server.issuer() != null
        && (iss != null ? !server.issuer().equals(iss) : server.issRequired())) {
      throw new McpFailure(
          io.gatehouse.connect.Diagnosis.AUTHORIZATION_FAILED,
          iss == null
              ? "the authorization response has no iss, though " + server.issuer() + " sends one"
              : "the authorization response names another issuer than " + server.issuer(),
          Map.of("error", iss == null ? "iss_missing" : "iss_mismatch"));
    }
    var client = tokens.servers().clientAt(c, server.issuer(), server.clientId());
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "authorization_code");
    grant.put("code", code);
    grant.put("redirect_uri", redirectUrl().toString());
    grant.put("code_verifier", verifier(state));
    if (server.resource() != null) {
      grant.put("resource", server.resource());
    }
    TokenResponse r = endpoint.request(URI.create(server.tokenUrl()), client, grant);
    tokens.store(
        c,
        row.principal(),
        r,
        TokenIssuer.of(server, ((ConnectionAuth.UserOAuth) c.auth()).refreshUrl()));
    return new Granted(c.project(), c.name(), row.principal());
  }

  /** RFC 7636: 43 characters of base64url from an HMAC of the state. */
  private String verifier(String state) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      byte[] v = mac.doFinal(("pkce." + state).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(v);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String challenge(String verifier) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The derivation key, made in the vault on first use (every replica reads the same one). */
  private byte[] key() {
    Vault v = vault.get();
    if (v == null) {
      throw new VaultException(VaultErrors.VAULT_LOCKED, "the vault is locked");
    }
    try {
      return Base64.getDecoder().decode(v.get(KEY_PROJECT, KEY_NAME, 1).reveal());
    } catch (VaultException e) {
      if (!VaultErrors.SECRET_NOT_FOUND.key().equals(e.error().key())) {
        throw e;
      }
      byte[] k = new byte[32];
      RANDOM.nextBytes(k);
      v.put(KEY_PROJECT, KEY_NAME, Secret.of(Base64.getEncoder().encodeToString(k)));
      // two replicas making one at once: both use the first version, as every reader does
      return Base64.getDecoder().decode(v.get(KEY_PROJECT, KEY_NAME, 1).reveal());
    }
  }

  private URI base() {
    String s = publicUrl.get().toString();
    return URI.create(s.endsWith("/") ? s : s + "/");
  }

  private static Pending pending(ConsentRows.Row r) {
    return new Pending(r.id(), r.project(), r.connection(), r.principal());
  }

  /** Gatehouse's own origin, which the consent page's form posts from. */
  public String origin() {
    URI b = base();
    return b.getScheme() + "://" + b.getRawAuthority();
  }

  /** Whether the consent pages are served over https (so their cookie is Secure). */
  public boolean secure() {
    return "https".equals(base().getScheme());
  }

  private static String hash(String nonce) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(nonce.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String form(Map<String, String> q) {
    StringBuilder s = new StringBuilder();
    q.forEach(
        (k, v) ->
            s.append(s.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return s.toString();
  }
}
