package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.net.URI;

/**
 * An authorization begun and not yet finished: the URL to send the user's agent to, and what
 * redeeming the code needs (the PKCE verifier, the state to match, the client and the resource).
 * Keep it server-side; only {@code authorizationUrl} goes to the user.
 *
 * @param scope the scope asked for, or null when omitted
 * @param issuer the authorization server's issuer, which an {@code iss} in the response must be
 *     (RFC 9207), or null for a server without metadata
 * @param issRequired whether the server advertised {@code iss}, so a response without it is refused
 */
public record PendingAuthorization(
    URI authorizationUrl,
    String state,
    Secret codeVerifier,
    URI redirectUri,
    URI tokenEndpoint,
    ClientAuth client,
    String resource,
    String scope,
    String issuer,
    boolean issRequired) {
  public PendingAuthorization {
    requireNonNull(authorizationUrl, "authorizationUrl");
    requireNonNull(state, "state");
    requireNonNull(codeVerifier, "codeVerifier");
    requireNonNull(redirectUri, "redirectUri");
    requireNonNull(tokenEndpoint, "tokenEndpoint");
    requireNonNull(client, "client");
    requireNonNull(resource, "resource");
  }

  /** An authorization whose response is not checked for {@code iss}. */
  public PendingAuthorization(
      URI authorizationUrl,
      String state,
      Secret codeVerifier,
      URI redirectUri,
      URI tokenEndpoint,
      ClientAuth client,
      String resource,
      String scope) {
    this(
        authorizationUrl,
        state,
        codeVerifier,
        redirectUri,
        tokenEndpoint,
        client,
        resource,
        scope,
        null,
        false);
  }
}
