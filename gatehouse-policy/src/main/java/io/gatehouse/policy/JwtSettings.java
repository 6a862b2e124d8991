package io.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How a route checks JWT bearer tokens ({@code auth.jwt}, or per route {@code routes[].auth-jwt}).
 *
 * @param issuer the {@code iss} every token must carry, exactly; also the authorization server the
 *     route's Protected Resource Metadata names
 * @param jwksUrl where the issuer publishes its signing keys
 * @param audience the {@code aud} a token must include; null for the route's own resource URL
 *     ({@code <public-url>/mcp/<route>}), as MCP authorization expects
 * @param subjectClaim the claim naming the caller ({@code sub})
 * @param groupsClaim the claim listing the caller's groups ({@code groups}), an array or a
 *     space-separated string
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 * @param scopes the scopes a token must grant to use the route; also advertised as {@code
 *     scopes_supported}
 */
public record JwtSettings(
    URI issuer,
    URI jwksUrl,
    String audience,
    String subjectClaim,
    String groupsClaim,
    Duration clockSkew,
    List<String> scopes) {

  public JwtSettings {
    requireNonNull(issuer, "issuer");
    requireNonNull(jwksUrl, "jwksUrl");
    subjectClaim = subjectClaim == null ? "sub" : subjectClaim;
    groupsClaim = groupsClaim == null ? "groups" : groupsClaim;
    clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
    scopes = List.copyOf(scopes);
  }
}
