package io.gatehouse.connect;

import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.gateway.UpstreamCall;

/**
 * Puts a token on an upstream request as {@code Authorization: Bearer}, replacing whatever was
 * there (never the caller's own credential); with no token, the header goes.
 */
public final class BearerHeader {
  private BearerHeader() {}

  public static void set(UpstreamCall call, AccessToken token) {
    if (token == null) {
      call.removeHeader("Authorization");
    } else {
      call.setHeader("Authorization", "Bearer " + token.value().reveal());
    }
  }
}
