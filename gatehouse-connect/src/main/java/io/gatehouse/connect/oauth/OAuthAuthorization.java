package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.UpstreamAuthorization;
import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * MCP authorization for one upstream (2025-11-25 "Authorization", with 2025-03-26 back-compat): on
 * the first 401 it discovers the protected resource and its authorization server, picks the scope
 * (the challenge's, else the resource's {@code scopes_supported}, else none; plus {@code
 * offline_access} for user grants where the server offers it), runs the {@link Grant} and sends the
 * token as {@code Authorization: Bearer} from then on. A later 401 reads the resource's metadata
 * again: when it names another authorization server, everything of the old one is dropped and the
 * client registers and authorizes there (MCP 2026-07-28, SEP-2352); else it refreshes or authorizes
 * again. A 403 {@code insufficient_scope} steps up to the challenge's scopes, at most {@value
 * #MAX_STEP_UPS} times, and never when the token already holds them.
 */
public final class OAuthAuthorization implements UpstreamAuthorization {
  static final int MAX_STEP_UPS = 2;
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
  private final Grant grant;
  private final Discovery discovery;
  private final Grants grants;
  private AuthServerMetadata server;
  private String resource;
  private Set<String> scopesSupported = Set.of();
  private TokenResponse token;
  private Instant expiresAt;
  private Set<String> granted = Set.of();
  private Set<String> requested = Set.of();
  private int stepUps;

  public OAuthAuthorization(Grant grant, Egress egress, Duration timeout) {
    this.grant = requireNonNull(grant, "grant");
    OAuthHttp http = new OAuthHttp(egress, timeout);
    this.discovery = new Discovery(http);
    this.grants = new Grants(http);
  }

  /**
   * The current token; one that has expired (or expires within {@link #EXPIRY_MARGIN}) is first
   * refreshed when a refresh token allows, else sent as it is for the server to refuse.
   */
  @Override
  public synchronized String header() {
    if (token != null
        && expiresAt != null
        && token.refreshToken() != null
        && !Instant.now().isBefore(expiresAt.minus(EXPIRY_MARGIN))) {
      TokenResponse refreshed = refreshQuietly();
      if (refreshed != null) {
        take(refreshed, requested);
      }
    }
    return token == null ? null : "Bearer " + token.accessToken().reveal();
  }

  @Override
  public synchronized boolean renew(URI endpoint, int status, String wwwAuthenticate)
      throws McpFailure {
    Challenge challenge = Challenge.parse(wwwAuthenticate);
    if (status == 403) {
      return stepUp(endpoint, challenge);
    }
    if (status != 401) {
      return false;
    }
    String issuerBefore = server == null ? null : server.issuer();
    discover(endpoint, challenge);
    if (token != null && !java.util.Objects.equals(server.issuer(), issuerBefore)) {
      // SEP-2352: credentials are bound to the server that issued them; the resource moved to
      // another, so nothing of the old one (token, refresh token, client) goes there
      token = null;
      granted = Set.of();
    }
    if (token != null) {
      TokenResponse refreshed = refreshQuietly();
      if (refreshed != null) {
        take(refreshed, requested);
        return true;
      }
    }
    Set<String> scopes = challenge.scopes().isEmpty() ? scopesSupported : challenge.scopes();
    stepUps = 0; // a new authorization starts a new line of step-ups
    return authorize(scopes);
  }

  /** 2025-11-25 "Scope Challenge Handling": re-authorize with the scopes a 403 asks for. */
  private boolean stepUp(URI endpoint, Challenge challenge) throws McpFailure {
    if (!"insufficient_scope".equals(challenge.error())
        || challenge.scopes().isEmpty()
        || granted.containsAll(challenge.scopes())
        || stepUps >= MAX_STEP_UPS) {
      return false;
    }
    stepUps++;
    discover(endpoint, challenge);
    Set<String> scopes = new LinkedHashSet<>(requested);
    scopes.addAll(challenge.scopes());
    return authorize(scopes);
  }

  private boolean authorize(Set<String> scopes) throws McpFailure {
    Set<String> ask = new LinkedHashSet<>(scopes);
    if (grant instanceof Grant.AuthorizationCode
        && server.scopesSupported().contains("offline_access")) {
      ask.add("offline_access"); // SEP-2207: ask for a refresh token only where it is offered
    }
    String scope = ask.isEmpty() ? null : String.join(" ", ask);
    take(grants.obtain(grant, server, resource, scope), ask);
    return true;
  }

  private void take(TokenResponse t, Set<String> asked) {
    if (t.refreshToken() == null && token != null && token.refreshToken() != null) {
      // OAuth 2.1 §4.3.3: a refresh answer without a new refresh token leaves the old one valid
      t =
          new TokenResponse(
              t.accessToken(), t.tokenType(), t.expiresIn(), t.scope(), token.refreshToken());
    }
    expiresAt = t.expiresIn() == null ? null : Instant.now().plus(t.expiresIn());
    token = t;
    requested = asked;
    granted = t.scope() != null ? Challenge.Scopes.split(t.scope()) : asked;
  }

  private TokenResponse refreshQuietly() {
    try {
      return grants.refresh(grant, server, token, resource);
    } catch (McpFailure e) {
      return null; // an expired or revoked refresh token: authorize again
    }
  }

  /** Finds the resource and its authorization server, once (again when the challenge moves). */
  private void discover(URI endpoint, Challenge challenge) throws McpFailure {
    if (server != null && challenge.resourceMetadata() == null) {
      return;
    }
    Optional<ResourceMetadata> prm = discovery.protectedResource(endpoint, challenge);
    if (prm.isPresent()) {
      resource = prm.get().resource();
      scopesSupported = new LinkedHashSet<>(prm.get().scopesSupported());
      server = discovery.authorizationServer(prm.get().authorizationServers().getFirst());
    } else {
      resource = Discovery.canonical(endpoint);
      scopesSupported = Set.of();
      server = discovery.legacyAuthorizationServer(endpoint);
    }
    if (server.tokenEndpoint() == null) {
      throw new McpFailure(
          Diagnosis.AUTH_DISCOVERY_FAILED, server.issuer() + " has no token endpoint");
    }
  }
}
