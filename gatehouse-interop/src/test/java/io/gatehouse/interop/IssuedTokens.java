package io.gatehouse.interop;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.util.Set;

/**
 * Checks a bearer token as a resource server would, with a JOSE library of its own: the issuer's
 * published keys (RS256), its {@code iss}, the audience and the claims that must be there. Any
 * {@code typ} is taken ({@code at+jwt} included).
 */
final class IssuedTokens {
  private IssuedTokens() {}

  /** The token's claims, or null when the header holds no valid token for {@code audience}. */
  static JWTClaimsSet verify(
      String authorization, URI jwks, String issuer, String audience, JWTClaimsSet exact) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    try {
      DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
      p.setJWSTypeVerifier((type, context) -> {});
      p.setJWSKeySelector(
          new JWSVerificationKeySelector<>(
              JWSAlgorithm.RS256, JWKSourceBuilder.create(jwks.toURL()).build()));
      JWTClaimsSet.Builder required = new JWTClaimsSet.Builder(exact).issuer(issuer);
      p.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(audience, required.build(), Set.of("exp")));
      return p.process(authorization.substring(7), null);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * The subject of a valid token from the provider {@code idp} ({@code issuer}, {@code jwks}) for
   * {@code audience}, or null.
   */
  static String subject(String authorization, tools.jackson.databind.JsonNode idp, URI audience) {
    if (idp == null || audience == null) {
      return null;
    }
    JWTClaimsSet claims =
        verify(
            authorization,
            URI.create(idp.path("jwks").asString()),
            idp.path("issuer").asString(),
            audience.toString(),
            new JWTClaimsSet.Builder().build());
    return claims == null ? null : claims.getSubject();
  }
}
