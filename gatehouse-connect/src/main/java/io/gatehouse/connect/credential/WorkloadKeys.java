package io.gatehouse.connect.credential;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.gatehouse.core.Secret;
import io.gatehouse.vault.SecretInfo;
import io.gatehouse.vault.Vault;
import io.gatehouse.vault.VaultErrors;
import io.gatehouse.vault.VaultException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The keys Gatehouse signs workload identity tokens with: EC P-256 private keys kept in the vault
 * (project {@value #PROJECT}, secret {@value #SECRET}, one version per key), so every replica signs
 * with the same keys and {@code vault rotate} re-wraps them like any secret. The newest version
 * signs; the newest {@value #PUBLISHED} are published at {@code /.well-known/jwks.json}, so tokens
 * signed just before a {@link #rotate} still verify. The first key is made on first use.
 */
public final class WorkloadKeys {
  /** A vault project no user project can be named (project names have no dots). */
  static final String PROJECT = "gatehouse.system";

  static final String SECRET = "workload.signing-key";
  static final int PUBLISHED = 3;
  private static final Duration REREAD = Duration.ofSeconds(30);

  private final Supplier<Vault> vault;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Loaded loaded;

  private record Loaded(ECKey signing, JWKSet published, long readAt) {}

  public WorkloadKeys(Supplier<Vault> vault, Clock clock) {
    this.vault = requireNonNull(vault, "vault");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The key that signs now (read from the vault, or made there when there is none yet). */
  public ECKey signingKey() {
    return load().signing();
  }

  /** The public halves of the published keys, as a JWK set. */
  public JWKSet publicKeys() {
    return load().published();
  }

  /** Makes a new signing key; the previous ones stay published until {@value #PUBLISHED} newer. */
  public String rotate() {
    lock.lock();
    try {
      String kid = put(open());
      loaded = null;
      return kid;
    } finally {
      lock.unlock();
    }
  }

  private Loaded load() {
    Loaded l = loaded;
    if (l != null && clock.millis() - l.readAt() < REREAD.toMillis()) {
      return l;
    }
    lock.lock();
    try {
      l = loaded;
      if (l != null && clock.millis() - l.readAt() < REREAD.toMillis()) {
        return l;
      }
      Vault v = open();
      List<SecretInfo> versions = versions(v);
      if (versions.isEmpty()) {
        put(v);
        versions = versions(v);
      }
      List<JWK> published = new ArrayList<>();
      ECKey signing = null;
      for (int i = versions.size() - 1; i >= 0 && published.size() < PUBLISHED; i--) {
        ECKey key = parse(v.get(PROJECT, SECRET, versions.get(i).version()));
        signing = signing == null ? key : signing;
        published.add(key.toPublicJWK());
      }
      loaded = new Loaded(signing, new JWKSet(published), clock.millis());
      return loaded;
    } finally {
      lock.unlock();
    }
  }

  private static List<SecretInfo> versions(Vault v) {
    try {
      return v.versions(PROJECT, SECRET); // oldest first
    } catch (VaultException e) {
      if (VaultErrors.SECRET_NOT_FOUND.key().equals(e.error().key())) {
        return List.of();
      }
      throw e;
    }
  }

  private static String put(Vault v) {
    try {
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyID("gh-" + UUID.randomUUID())
              .generate();
      v.put(PROJECT, SECRET, Secret.of(key.toJSONString()));
      return key.getKeyID();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not make a P-256 key", e);
    }
  }

  private static ECKey parse(Secret jwk) {
    try {
      return ECKey.parse(jwk.reveal());
    } catch (ParseException e) {
      throw new IllegalStateException("the vault's workload signing key is not an EC JWK");
    }
  }

  private Vault open() {
    Vault v = vault.get();
    if (v == null) {
      throw new VaultException(
          VaultErrors.VAULT_LOCKED, "the vault is locked, so workload tokens cannot be signed");
    }
    return v;
  }
}
