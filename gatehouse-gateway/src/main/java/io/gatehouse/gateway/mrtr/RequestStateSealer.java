package io.gatehouse.gateway.mrtr;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.SealedText;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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
  public static final int KEY_BYTES = SealedText.KEY_BYTES;

  /** The label under which replicas derive this sealer's key from {@code sessions.key}. */
  public static final String KEY_LABEL = "gatehouse-request-state/1";

  /** Longer texts are refused unread: a state holds ids and at most an upstream's own state. */
  static final int MAX_CHARS = 64 * 1024;

  /** How every sealed state begins. */
  public static final String PREFIX = "ghr1.";

  private static final byte FORMAT = 1;

  private final SealedText sealed;

  public RequestStateSealer(byte[] key) {
    this.sealed = new SealedText(key, "request-state key", PREFIX, "gatehouse-request-state/1");
  }

  /** A sealer with a fresh random key, for a gateway whose states never leave its process. */
  public static RequestStateSealer withRandomKey() {
    return new RequestStateSealer(SealedText.generateKey());
  }

  public String seal(RequestState state) {
    return sealed.seal(encode(state));
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

  private RequestState decrypt(String text) {
    byte[] plain = sealed.open(text, MAX_CHARS);
    try {
      return plain == null ? null : decode(plain);
    } catch (BufferUnderflowException e) {
      return null;
    }
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
