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
 */
public record PendingAuthorization(
    URI authorizationUrl,
    String state,
    Secret codeVerifier,
    URI redirectUri,
    URI tokenEndpoint,
    ClientAuth client,
    String resource,
    String scope) {
  public PendingAuthorization {
    requireNonNull(authorizationUrl, "authorizationUrl");
    requireNonNull(state, "state");
    requireNonNull(codeVerifier, "codeVerifier");
    requireNonNull(redirectUri, "redirectUri");
    requireNonNull(tokenEndpoint, "tokenEndpoint");
    requireNonNull(client, "client");
    requireNonNull(resource, "resource");
  }
}
