package io.gatehouse.connect.credential;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.connect.oauth.AccessToken;
import io.gatehouse.core.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Signs short-lived tokens for Gatehouse's workload identities ({@code project:NAME}, {@code
 * agent:NAME}): ES256 JWTs with {@code iss} the public URL, {@code sub} the identity, {@code aud}
 * the connection's audience, valid for {@link #LIFETIME}, verifiable with the keys at {@code
 * /.well-known/jwks.json}.
 */
public final class WorkloadTokens {
  static final Duration LIFETIME = Duration.ofMinutes(5);

  private final WorkloadKeys keys;
  private final Supplier<URI> issuer;
  private final Clock clock;

  public WorkloadTokens(WorkloadKeys keys, Supplier<URI> issuer, Clock clock) {
    this.keys = requireNonNull(keys, "keys");
    this.issuer = requireNonNull(issuer, "issuer");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The issuer tokens name: the public URL, without a trailing slash. */
  public String issuer() {
    String s = issuer.get().toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** A new token for {@code subject} at {@code audience}; blocks on the vault the first time. */
  public AccessToken mint(String subject, String audience) {
    ECKey key = keys.signingKey();
    Instant now = Instant.ofEpochMilli(clock.millis());
    Instant expires = now.plus(LIFETIME);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .subject(subject)
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a workload token", e);
    }
    return new AccessToken(Secret.of(jwt.serialize()), expires);
  }
}
