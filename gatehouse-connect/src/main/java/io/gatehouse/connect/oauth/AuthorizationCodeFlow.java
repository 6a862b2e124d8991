package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.Diagnosis;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorization code grant with PKCE (OAuth 2.1 §4.1, MCP 2025-11-25): {@link #begin} builds
 * the authorization URL with an S256 code challenge, a {@code state} and the RFC 8707 {@code
 * resource}; {@link #finish} checks the state and redeems the code with the verifier. Split so a
 * person can visit the URL and the code arrive later at a callback.
 */
public final class AuthorizationCodeFlow {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TokenEndpoint tokens;

  public AuthorizationCodeFlow(TokenEndpoint tokens) {
    this.tokens = requireNonNull(tokens, "tokens");
  }

  /**
   * Starts an authorization of {@code client} at {@code server} for {@code resource}.
   *
   * @param scope the scope to ask for, or null to omit it
   */
  public PendingAuthorization begin(
      AuthServerMetadata server, ClientAuth client, URI redirectUri, String resource, String scope)
      throws McpFailure {
    if (!server.codeChallengeMethodsSupported().contains("S256")) {
      // 2025-11-25: clients MUST refuse to proceed when S256 support is not advertised.
      throw new McpFailure(
          Diagnosis.AUTH_DISCOVERY_FAILED,
          server.issuer() + " does not advertise PKCE S256 (code_challenge_methods_supported)");
    }
    if (server.authorizationEndpoint() == null) {
      throw new McpFailure(
          Diagnosis.AUTH_DISCOVERY_FAILED, server.issuer() + " has no authorization_endpoint");
    }
    String verifier = random(32);
    String state = random(16);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", client.clientId());
    q.put("redirect_uri", redirectUri.toString());
    q.put("code_challenge", challenge(verifier));
    q.put("code_challenge_method", "S256");
    q.put("state", state);
    q.put("resource", resource);
    if (scope != null) {
      q.put("scope", scope);
    }
    URI base = server.authorizationEndpoint();
    URI url = URI.create(base + (base.getRawQuery() == null ? "?" : "&") + OAuthHttp.form(q));
    return new PendingAuthorization(
        url,
        state,
        Secret.of(verifier),
        redirectUri,
        server.tokenEndpoint(),
        client,
        resource,
        scope,
        server.issuer(),
        server.issParameterSupported());
  }

  /** Redeems {@code code} when {@code state} is the one {@code pending} was begun with. */
  public TokenResponse finish(PendingAuthorization pending, String code, String state)
      throws McpFailure {
    return finish(pending, code, state, null);
  }

  /**
   * Redeems {@code code} when {@code state} is the one {@code pending} was begun with and the
   * response's {@code iss} names the server it was sent to (RFC 9207 §2.4, MCP 2026-07-28): a
   * present {@code iss} must be the recorded issuer, character for character; an absent one is
   * refused when the server advertised it. The code is never redeemed otherwise.
   */
  public TokenResponse finish(PendingAuthorization pending, String code, String state, String iss)
      throws McpFailure {
    checkIssuer(pending, iss);
    if (state == null || !Secret.of(pending.state()).matches(state)) {
      throw new McpFailure(
          Diagnosis.AUTHORIZATION_FAILED,
          "the authorization answered with another state than it was sent: start again");
    }
    if (code == null || code.isEmpty()) {
      throw new McpFailure(Diagnosis.AUTHORIZATION_FAILED, "the authorization answered no code");
    }
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "authorization_code");
    grant.put("code", code);
    grant.put("redirect_uri", pending.redirectUri().toString());
    grant.put("code_verifier", pending.codeVerifier().reveal());
    grant.put("resource", pending.resource());
    return tokens.request(pending.tokenEndpoint(), pending.client(), grant);
  }

  private static void checkIssuer(PendingAuthorization pending, String iss) throws McpFailure {
    if (iss == null) {
      if (pending.issRequired()) {
        throw new McpFailure(
            Diagnosis.AUTHORIZATION_FAILED,
            "the authorization response has no iss, though "
                + pending.issuer()
                + " says it sends one (RFC 9207): the response may come from another server",
            Map.of("error", "iss_missing"));
      }
      return;
    }
    if (pending.issuer() == null || !pending.issuer().equals(iss)) {
      throw new McpFailure(
          Diagnosis.AUTHORIZATION_FAILED,
          "the authorization response names issuer "
              + iss
              + ", not "
              + pending.issuer()
              + " (RFC 9207): a mix-up, the code is not redeemed",
          Map.of("error", "iss_mismatch"));
    }
  }

  /** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))), without padding. */
  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
