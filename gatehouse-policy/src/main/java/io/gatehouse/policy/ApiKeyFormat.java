package io.gatehouse.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The shape of a Gatehouse API key: {@code ghk_} + 8 characters of visible prefix + {@code _} + 43
 * characters of secret (256 random bits in base64url). Only the SHA-256 of the whole key is stored;
 * with 256 random bits a plain hash is as good as a slow one (there is nothing to guess), and it
 * keeps a check to microseconds.
 */
public final class ApiKeyFormat {
  public static final String PREFIX = "ghk_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private ApiKeyFormat() {}

  /** A new key and the prefix shown for it (never the rest). */
  public record NewKey(String key, String prefix, String hash) {
    @Override
    public String toString() {
      return "NewKey[prefix=" + prefix + ", key=***]";
    }
  }

  public static NewKey generate() {
    byte[] visible = new byte[6];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(visible);
    RANDOM.nextBytes(secret);
    String prefix = PREFIX + B64.encodeToString(visible);
    String key = prefix + "_" + B64.encodeToString(secret);
    return new NewKey(key, prefix, hash(key));
  }

  /** The hex SHA-256 of {@code key}, as stored. */
  public static String hash(String key) {
    MessageDigest sha = SHA256.get();
    return HEX.formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * {@link #hash} of a key a caller presented, remembered for the last key each thread hashed: a
   * client sends the same key with every call, and one event loop serves its connection, so most
   * calls skip the digest. The presented key is compared with the remembered one in constant time.
   */
  public static String hashPresented(String key) {
    Presented last = LAST_PRESENTED.get();
    if (last != null && sameKey(last.key, key)) {
      return last.hash;
    }
    String hash = hash(key);
    LAST_PRESENTED.set(new Presented(key, hash));
    return hash;
  }

  /** Whether {@code a} and {@code b} are equal, in a time that depends on their lengths only. */
  static boolean sameKey(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < a.length(); i++) {
      diff |= a.charAt(i) ^ b.charAt(i);
    }
    return diff == 0;
  }

  /** A presented key and its hash; no toString, so the key is never printed. */
  private static final class Presented {
    private final String key;
    private final String hash;

    Presented(String key, String hash) {
      this.key = key;
      this.hash = hash;
    }
  }

  private static final ThreadLocal<Presented> LAST_PRESENTED = new ThreadLocal<>();

  private static final HexFormat HEX = HexFormat.of();

  /** One digest per thread: looking the algorithm up costs more than hashing a key. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is not available in this JDK", e);
            }
          });
}
