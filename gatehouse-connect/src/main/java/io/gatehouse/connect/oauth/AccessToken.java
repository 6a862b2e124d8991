package io.gatehouse.connect.oauth;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.time.Instant;

/**
 * A bearer token Gatehouse sends upstream and when it stops being valid, however it was had (signed
 * here, or granted by an authorization server).
 */
public record AccessToken(Secret value, Instant expires) {
  public AccessToken {
    requireNonNull(value, "value");
    requireNonNull(expires, "expires");
  }
}
