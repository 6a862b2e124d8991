package io.gatehouse.cluster;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key replicas of one deployment show each other on the peer port: HKDF-SHA256 (RFC 5869) of
 * the session key with a label of its own, so every replica that can open the deployment's session
 * ids derives the same key, and the session key itself never travels.
 */
public final class PeerKey {
  /** The header a peer request carries the key in. */
  public static final String HEADER = "X-Gatehouse-Peer-Key";

  private static final byte[] LABEL = "gatehouse peer key v1".getBytes(StandardCharsets.US_ASCII);

  private final Secret key;
  private final byte[] bytes;

  private PeerKey(String key) {
    this.key = Secret.of(key);
    this.bytes = key.getBytes(StandardCharsets.US_ASCII);
  }

  /** The peer key of the deployment whose session key is {@code sessionKey}. */
  public static PeerKey derive(byte[] sessionKey) {
    requireNonNull(sessionKey, "sessionKey");
    return new PeerKey(
        Base64.getUrlEncoder().withoutPadding().encodeToString(hkdf(sessionKey, LABEL)));
  }

  /**
   * Another key every replica of the deployment derives alike from {@code sessionKey}: 32 bytes of
   * HKDF-SHA256 under {@code label}, which must be a label of its own (never the peer key's), so
   * knowing one derived key tells nothing of the others or of the session key.
   */
  public static byte[] deriveShared(byte[] sessionKey, String label) {
    requireNonNull(sessionKey, "sessionKey");
    byte[] info = label.getBytes(StandardCharsets.US_ASCII);
    if (Arrays.equals(info, LABEL)) {
      throw new IllegalArgumentException("label: the peer key's own");
    }
    return hkdf(sessionKey, info);
  }

  /** HKDF-SHA256 with no salt, 32 bytes of output (one block). */
  static byte[] hkdf(byte[] ikm, byte[] info) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // RFC 5869 §2.2: no salt
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info);
      mac.update((byte) 1); // §2.3: T(1), the first 32 bytes
      byte[] okm = mac.doFinal();
      Arrays.fill(prk, (byte) 0);
      return okm;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code sent} is this key, compared in constant time. */
  public boolean matches(String sent) {
    return sent != null && MessageDigest.isEqual(bytes, sent.getBytes(StandardCharsets.US_ASCII));
  }

  /** The value to send in {@link #HEADER}. */
  public Secret secret() {
    return key;
  }

  @Override
  public String toString() {
    return "PeerKey[***]";
  }
}
