package io.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.core.Principal;
import io.gatehouse.core.net.Egress;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks JWT bearer tokens against one issuer's settings: an asymmetric signature by one of the
 * issuer's published keys (never {@code none}, never a shared-secret algorithm, so a token signed
 * with the public key as an HMAC secret fails), the issuer, the audience, expiry and not-before
 * within the clock skew, and the required scopes. A token that checked out is remembered until it
 * expires, so the signature is verified once per token, not once per request.
 */
public final class JwtVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);
  private static final int REMEMBERED = 10_000;

  /** What a token turned out to be. */
  public sealed interface Result {}

  /** A good token: who it names, until when, and the key that signed it. */
  public record Valid(Principal principal, long expiresAtMillis, String keyId) implements Result {}

  /** A token that does not check out; {@code reason} names what, never the token. */
  public record Invalid(String reason) implements Result {}

  /** A good token lacking scopes the route needs. */
  public record MissingScope(List<String> needed) implements Result {}

  /** The token names a key not in memory: decide after fetching the issuer's keys. */
  public record NeedsKeys() implements Result {}

  private final JwtSettings settings;
  private final Jwks jwks;
  private final Clock clock;
  private final Map<String, Valid> remembered = new ConcurrentHashMap<>();

  public JwtVerifier(JwtSettings settings, Clock clock) {
    this(settings, clock, Egress.defaults());
  }

  /**
   * @param egress which addresses the JWKS URL may resolve to; checked before each fetch
   */
  public JwtVerifier(JwtSettings settings, Clock clock, Egress egress) {
    this.settings = requireNonNull(settings, "settings");
    this.clock = clock;
    this.jwks = new Jwks(settings.jwksUrl(), clock, requireNonNull(egress, "egress"));
  }

  public JwtSettings settings() {
    return settings;
  }

  /**
   * Checks {@code token} for {@code audience} without blocking; {@link NeedsKeys} when the issuer's
   * keys must be fetched first ({@link #fetchKeys}).
   */
  public Result verify(String token, String audience) {
    String cacheKey = audience + " " + token;
    Valid known = remembered.get(cacheKey);
    if (known != null) {
      // Still before its expiry, and still signed by a key the issuer publishes (it may have
      // withdrawn a compromised one since).
      if (clock.millis() < known.expiresAtMillis() + settings.clockSkew().toMillis()
          && jwks.find(known.keyId()) != null) {
        return scopes(known);
      }
      remembered.remove(cacheKey);
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return new Invalid("the bearer token is not a signed JWT");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(alg)) {
      return new Invalid(
          "tokens signed with " + alg + " are not accepted (expected RS*, PS* or ES*)");
    }
    String kid = jwt.getHeader().getKeyID();
    JWK key = jwks.find(kid);
    if ((key == null || !jwks.isFresh()) && jwks.mayFetch()) {
      return new NeedsKeys();
    }
    if (key == null) {
      return new Invalid(
          "the token's signing key"
              + (kid == null ? "" : " '" + kid + "'")
              + " is not among the issuer's published keys");
    }
    Result r = check(jwt, key, alg, audience, key.getKeyID());
    if (r instanceof Valid v) {
      if (remembered.size() >= REMEMBERED) {
        remembered.clear();
      }
      remembered.put(cacheKey, v);
      return scopes(v);
    }
    return r;
  }

  /** Fetches the issuer's keys (blocking, rate-limited); then {@link #verify} decides. */
  public void fetchKeys() {
    jwks.fetch();
  }

  private Result scopes(Valid v) {
    if (settings.scopes().isEmpty() || v.principal().scopes().containsAll(settings.scopes())) {
      return v;
    }
    return new MissingScope(settings.scopes());
  }

  private Result check(SignedJWT jwt, JWK key, JWSAlgorithm alg, String audience, String keyId) {
    try {
      if (!jwt.verify(verifier(key, alg))) {
        return new Invalid("the token's signature does not verify");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!settings.issuer().toString().equals(claims.getIssuer())) {
        return new Invalid(
            "the token is from issuer '"
                + claims.getIssuer()
                + "', not '"
                + settings.issuer()
                + "'");
      }
      if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
        return new Invalid(
            "the token's audience "
                + claims.getAudience()
                + " does not include '"
                + audience
                + "'");
      }
      long now = clock.millis();
      long skew = settings.clockSkew().toMillis();
      Date exp = claims.getExpirationTime();
      if (exp == null) {
        return new Invalid("the token has no expiry (exp)");
      }
      if (now >= exp.getTime() + skew) {
        return new Invalid("the token expired at " + exp.toInstant());
      }
      Date nbf = claims.getNotBeforeTime();
      if (nbf != null && now + skew < nbf.getTime()) {
        return new Invalid("the token is not valid before " + nbf.toInstant());
      }
      Object subject = claims.getClaim(settings.subjectClaim());
      if (!(subject instanceof String s) || s.isEmpty()) {
        return new Invalid(
            "the token has no '" + settings.subjectClaim() + "' claim naming the caller");
      }
      return new Valid(
          new Principal(
              s,
              Principal.Kind.USER,
              null,
              strings(claims.getClaim(settings.groupsClaim())),
              scopes(claims),
              "jwt"),
          exp.getTime(),
          keyId);
    } catch (JOSEException e) {
      return new Invalid("the token's key does not fit its algorithm " + alg);
    } catch (ParseException e) {
      return new Invalid("the token's claims are not a JSON object");
    }
  }

  private static JWSVerifier verifier(JWK key, JWSAlgorithm alg) throws JOSEException {
    if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
      return new RSASSAVerifier(rsa);
    }
    if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
      return new ECDSAVerifier(ec);
    }
    throw new JOSEException("key type " + key.getKeyType() + " does not fit " + alg);
  }

  private static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> out = new LinkedHashSet<>(strings(claims.getClaim("scope")));
    out.addAll(strings(claims.getClaim("scp")));
    return out;
  }

  /** A claim as a set of strings: an array, or a space-separated string. */
  static Set<String> strings(Object claim) {
    Set<String> out = new HashSet<>();
    if (claim instanceof String s) {
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    } else if (claim instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JwtVerifier other && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }
}
