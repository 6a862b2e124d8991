package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bytes sealed into visible ASCII with AES-256-GCM, the one way the gateway hands clients text only
 * it can read and no one can change ({@link SessionSealer}'s session ids, the {@code requestState}s
 * of {@link io.gatehouse.gateway.mrtr.RequestStateSealer}). Format: a prefix naming the kind and
 * its version, then base64url(nonce(12) ‖ ciphertext ‖ tag(16)); the kind is also authenticated
 * data, so a text of one kind never opens as another even under the same key.
 */
public final class SealedText {
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final String prefix;
  private final byte[] aad;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key 32 bytes
   * @param what what the key is for, named in the error about a key of the wrong size
   * @param prefix starts every sealed text, such as {@code gh1.}
   * @param aad the kind and version, authenticated with every text
   */
  public SealedText(byte[] key, String what, String prefix, String aad) {
    requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          what + ": " + key.length + " bytes (expected: " + KEY_BYTES + ")");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.prefix = requireNonNull(prefix, "prefix");
    this.aad = aad.getBytes(StandardCharsets.US_ASCII);
  }

  /** A fresh random 32-byte key. */
  public static byte[] generateKey() {
    byte[] k = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(k);
    return k;
  }

  public String seal(byte[] plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
      byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      cipher.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
      return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  /**
   * The bytes sealed in {@code text}, or null when it was not sealed with this key and kind, was
   * changed, is malformed, or is longer than {@code maxChars} (refused unread).
   */
  public byte[] open(String text, int maxChars) {
    if (text == null || !text.startsWith(prefix) || text.length() > maxChars) {
      return null;
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(text.substring(prefix.length()));
      if (raw.length < NONCE_BYTES + TAG_BITS / 8 + 1) {
        return null;
      }
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(raw, NONCE_BYTES));
      return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return null;
    }
  }

  private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(aad);
    return cipher;
  }
}
