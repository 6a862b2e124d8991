package io.gatehouse.connect.consent;

import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.internal.ConsentRows;
import java.util.Objects;

/**
 * The authorization server that minted a user's tokens, kept with them (RFC 9207; MCP 2026-07-28,
 * SEP-2352: credentials are bound to the server that issued them): its issuer where it was
 * discovered, else (servers configured by hand, whose issuer is not known) the token endpoint the
 * code was redeemed at. A refresh token is only sent where the connection's server is still that
 * one.
 *
 * @param issuer the discovered server's issuer, or null for one configured by hand
 * @param tokenUrl the token endpoint the code was redeemed at
 */
public record TokenIssuer(String issuer, String tokenUrl) {
  public TokenIssuer {
    Objects.requireNonNull(tokenUrl, "tokenUrl");
  }

  static TokenIssuer of(UserOAuthServers.Resolved r) {
    return new TokenIssuer(r.issuer(), r.tokenUrl().toString());
  }

  static TokenIssuer of(ConsentRows.Server s) {
    return new TokenIssuer(s.issuer(), s.tokenUrl());
  }

  /**
   * Whether {@code current}, the server the connection names now, is this one: the same issuer
   * where either is discovered, else the same configured token endpoint.
   */
  boolean same(TokenIssuer current) {
    return issuer != null || current.issuer() != null
        ? Objects.equals(issuer, current.issuer())
        : tokenUrl.equals(current.tokenUrl());
  }

  /**
   * Whether a token kept before issuers were kept may go on to {@code auth}'s server: only where
   * that server is configured by hand (it is where such tokens were always refreshed, and only an
   * administrator changes it); a discovered server may have changed since the token was minted, so
   * such a token is not refreshed and its user consents again.
   */
  static boolean adoptable(ConnectionAuth.UserOAuth auth) {
    return !auth.discovered();
  }
}
