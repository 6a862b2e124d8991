package io.gatehouse.connect.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** The RFC 7523 §2.2 client assertion of {@code private_key_jwt}, signed with the client's key. */
final class ClientAssertion {
  static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Duration LIFETIME = Duration.ofMinutes(1);

  private ClientAssertion() {}

  /**
   * A JWT with {@code iss} and {@code sub} the client id, {@code aud} the issuer (or the token
   * endpoint), a fresh {@code jti} and a one-minute lifetime (RFC 7523 §3).
   */
  static String sign(ClientAuth.PrivateKeyJwt auth, URI tokenUrl) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(auth.clientId())
            .subject(auth.clientId())
            .audience(auth.audience() != null ? auth.audience() : tokenUrl.toString())
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .build();
    JWSAlgorithm alg = JWSAlgorithm.parse(auth.alg());
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(auth.keyId()).build(), claims);
    try {
      jwt.sign(signer(auth));
    } catch (JOSEException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "alg: " + auth.alg() + " (expected: an algorithm the key signs with)");
    }
    return jwt.serialize();
  }

  private static JWSSigner signer(ClientAuth.PrivateKeyJwt auth) throws JOSEException {
    if (auth.key() instanceof ECPrivateKey ec) {
      return new ECDSASigner(ec);
    }
    return new RSASSASigner(auth.key());
  }
}
