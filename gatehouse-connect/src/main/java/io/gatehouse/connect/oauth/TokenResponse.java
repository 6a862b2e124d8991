package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.time.Duration;

/**
 * A token endpoint's successful answer (OAuth 2.1 §3.2.3).
 *
 * @param accessToken the token to send as {@code Authorization: Bearer}
 * @param tokenType usually {@code Bearer}
 * @param expiresIn how long the token lives, or null when the server did not say
 * @param scope the granted scope, or null when it is the requested one
 * @param refreshToken for the {@code refresh_token} grant, or null
 */
public record TokenResponse(
    Secret accessToken, String tokenType, Duration expiresIn, String scope, Secret refreshToken) {
  public TokenResponse {
    requireNonNull(accessToken, "accessToken");
    requireNonNull(tokenType, "tokenType");
  }
}
