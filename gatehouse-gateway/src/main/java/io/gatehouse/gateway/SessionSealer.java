package io.gatehouse.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Seals {@link SessionToken}s into {@code Mcp-Session-Id} values with AES-256-GCM and opens them
 * again. The key is used directly (no per-session key derivation), so sealing and opening cost
 * microseconds. A tampered, truncated or foreign id simply does not open.
 *
 * <p>Format: {@code gh1.} + base64url(nonce(12) ‖ ciphertext ‖ tag(16)); only visible ASCII, as the
 * transport spec requires of session ids. The plaintext ends with a byte of client flags ({@code
 * 1}: the client elicits URLs; {@code 2}: a bridged session, whose client description follows as
 * one more string); ids sealed before either existed open with no flags and no bridged client.
 */
public final class SessionSealer {
  public static final int KEY_BYTES = SealedText.KEY_BYTES;
  private static final byte FORMAT = 1;
  private static final UpstreamTransport[] TRANSPORTS = UpstreamTransport.values();
  private static final byte URL_ELICITATION = 1;
  private static final byte BRIDGED = 2;

  private final SealedText sealed;

  public SessionSealer(byte[] key) {
    this.sealed = new SealedText(key, "session key", "gh1.", "gatehouse-session/1");
  }

  /** A fresh random key. */
  public static byte[] generateKey() {
    return SealedText.generateKey();
  }

  public String seal(SessionToken token) {
    return sealed.seal(encode(token));
  }

  /**
   * The token sealed in {@code id}, or null when the id was not sealed with this key or is
   * malformed.
   */
  public SessionToken open(String id) {
    byte[] plain = sealed.open(id, 4096);
    try {
      return plain == null ? null : decode(plain);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] encode(SessionToken t) {
    byte[][] strings = {
      utf8(t.route()), utf8(t.upstreamSessionId()), utf8(t.protocolVersion()), utf8(t.principal())
    };
    byte[] bridged = utf8(t.bridgedClient());
    int size = 1 + 8 + 1 + 1 + (t.isBridged() ? 2 + bridged.length : 0);
    for (byte[] s : strings) {
      size += 2 + s.length;
    }
    ByteBuffer b =
        ByteBuffer.allocate(size)
            .put(FORMAT)
            .putLong(t.expiresAtEpochSecond())
            .put((byte) t.transport().ordinal());
    for (byte[] s : strings) {
      putString(b, s);
    }
    b.put(
        (byte) ((t.clientUrlElicitation() ? URL_ELICITATION : 0) | (t.isBridged() ? BRIDGED : 0)));
    if (t.isBridged()) {
      putString(b, bridged);
    }
    return b.array();
  }

  private static void putString(ByteBuffer b, byte[] s) {
    if (s.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "session field too long: " + s.length + " bytes (expected: <= 65535)");
    }
    b.putShort((short) s.length).put(s);
  }

  private static SessionToken decode(byte[] plain) {
    ByteBuffer b = ByteBuffer.wrap(plain);
    if (b.get() != FORMAT) {
      return null;
    }
    long expires = b.getLong();
    int transport = b.get();
    if (transport < 0 || transport >= TRANSPORTS.length) {
      return null;
    }
    String route = string(b);
    String upstream = string(b);
    String version = string(b);
    String principal = string(b);
    byte flags = b.hasRemaining() ? b.get() : 0;
    String bridged = (flags & BRIDGED) != 0 ? string(b) : "";
    return new SessionToken(
        route,
        TRANSPORTS[transport],
        upstream,
        version,
        expires,
        principal,
        (flags & URL_ELICITATION) != 0,
        bridged);
  }

  private static String string(ByteBuffer b) {
    byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
