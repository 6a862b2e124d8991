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
 * @param refreshUrl where the refresh token goes (a server configured by hand may name its own), or
 *     null where not recorded
 */
public record TokenIssuer(String issuer, String tokenUrl, String refreshUrl) {
  public TokenIssuer {
    Objects.requireNonNull(tokenUrl, "tokenUrl");
  }

  static TokenIssuer of(UserOAuthServers.Resolved r) {
    return new TokenIssuer(
        r.issuer(),
        r.tokenUrl().toString(),
        r.refreshUrl() == null ? null : r.refreshUrl().toString());
  }

  /**
   * The server a consent was started with, refreshing at {@code refreshUrl}: for a server
   * configured by hand, the connection's refresh URL (unchanged since the consent started, which
   * finishing checks), else null (a discovered issuer's own metadata says where).
   */
  static TokenIssuer of(ConsentRows.Server s, java.net.URI refreshUrl) {
    return new TokenIssuer(
        s.issuer(),
        s.tokenUrl(),
        s.issuer() == null && refreshUrl != null ? refreshUrl.toString() : null);
  }

  /**
   * Whether {@code current}, the server the connection names now, is this one: the same issuer
   * where either is discovered, else the same configured token endpoint and refresh URL (an edit of
   * either sends no refresh token to the new address; the user consents again).
   */
  boolean same(TokenIssuer current) {
    return issuer != null || current.issuer() != null
        ? Objects.equals(issuer, current.issuer())
        : tokenUrl.equals(current.tokenUrl()) && refreshesAt().equals(current.refreshesAt());
  }

  /** Where a refresh token goes: the refresh URL, or the token endpoint where none is named. */
  private String refreshesAt() {
    return refreshUrl == null ? tokenUrl : refreshUrl;
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
