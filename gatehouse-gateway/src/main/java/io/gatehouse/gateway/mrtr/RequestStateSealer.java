package io.gatehouse.gateway.mrtr;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals {@link RequestState}s into the {@code requestState} a 2026-07-28 client echoes on its
 * retry, and opens them again only for the caller, route, request and purpose they were made for. A
 * client can read nothing in it and change nothing: AES-256-GCM under a key of its own, which every
 * replica derives alike from {@code sessions.key}, so a retry may land on any of them.
 *
 * <p>Format: {@code ghr1.} + base64url(nonce(12) ‖ ciphertext ‖ tag(16)). The plaintext is a format
 * byte, then purpose, principal, route, digest, expiry, replica and payload.
 */
public final class RequestStateSealer {
  public static final int KEY_BYTES = 32;

  /** The label under which replicas derive this sealer's key from {@code sessions.key}. */
  public static final String KEY_LABEL = "gatehouse-request-state/1";

  /** Longer texts are refused unread: a state holds ids and at most an upstream's own state. */
  static final int MAX_CHARS = 64 * 1024;

  private static final String PREFIX = "ghr1.";
  private static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD = "gatehouse-request-state/1".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public RequestStateSealer(byte[] key) {
    requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "request-state key: " + key.length + " bytes (expected: " + KEY_BYTES + ")");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** A sealer with a fresh random key, for a gateway whose states never leave its process. */
  public static RequestStateSealer withRandomKey() {
    byte[] k = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(k);
    return new RequestStateSealer(k);
  }

  public String seal(RequestState state) {
    byte[] plain = encode(state);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
      byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      cipher.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  /**
   * Opens a client's {@code requestState} and checks it was made for this purpose, caller, route
   * and request, and has not expired.
   *
   * @throws GatewayException {@code REQUEST_STATE_INVALID} when it does not open or belongs to
   *     something else, {@code REQUEST_STATE_EXPIRED} when it is past its expiry
   */
  public RequestState open(
      String sealed,
      String purpose,
      String principal,
      String route,
      byte[] requestDigest,
      long nowMillis) {
    RequestState state = decrypt(sealed);
    if (state == null
        || !state.purpose().equals(purpose)
        || !state.principal().equals(principal == null ? "" : principal)
        || !state.route().equals(route)
        || !MessageDigest.isEqual(state.requestDigest(), requestDigest)) {
      throw new GatewayException(
          GatewayErrors.REQUEST_STATE_INVALID,
          "requestState: not one this gateway gave for this request, caller and route");
    }
    if (nowMillis >= state.expiresAtMillis()) {
      throw new GatewayException(
          GatewayErrors.REQUEST_STATE_EXPIRED,
          "requestState: expired " + (nowMillis - state.expiresAtMillis()) + " ms ago");
    }
    return state;
  }

  private RequestState decrypt(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX) || sealed.length() > MAX_CHARS) {
      return null;
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
      if (raw.length < NONCE_BYTES + TAG_BITS / 8 + 1) {
        return null;
      }
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(raw, NONCE_BYTES));
      return decode(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES));
    } catch (IllegalArgumentException | GeneralSecurityException | BufferUnderflowException e) {
      return null;
    }
  }

  private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(AAD);
    return cipher;
  }

  private static byte[] encode(RequestState s) {
    byte[][] parts = {
      utf8(s.purpose()),
      utf8(s.principal()),
      utf8(s.route()),
      s.requestDigest(),
      utf8(s.replica()),
      utf8(s.payload())
    };
    int size = 1 + Long.BYTES;
    for (byte[] p : parts) {
      size += Integer.BYTES + p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT);
    for (int i = 0; i < 4; i++) {
      b.putInt(parts[i].length).put(parts[i]);
    }
    b.putLong(s.expiresAtMillis());
    for (int i = 4; i < parts.length; i++) {
      b.putInt(parts[i].length).put(parts[i]);
    }
    return b.array();
  }

  private static RequestState decode(byte[] plain) {
    ByteBuffer b = ByteBuffer.wrap(plain);
    if (b.get() != FORMAT) {
      return null;
    }
    String purpose = string(b);
    String principal = string(b);
    String route = string(b);
    byte[] digest = bytes(b);
    long expires = b.getLong();
    String replica = string(b);
    String payload = string(b);
    return b.hasRemaining()
        ? null
        : new RequestState(purpose, principal, route, digest, expires, replica, payload);
  }

  private static String string(ByteBuffer b) {
    return new String(bytes(b), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
