package io.gatehouse.gateway.mrtr;

import java.nio.charset.StandardCharsets;

/**
 * A quick look at a request's bytes before parsing them: whether they may hold a given text in a
 * JSON string. They may when they hold it as written, or hold an escape ({@code \}), with which a
 * string can spell any text otherwise ({@code "gatehouse\u002eapproval"}). So the answer "no" is
 * always right, and only a "yes" costs a parse, where escapes are decoded.
 */
public final class BodyScan {
  private static final byte ESCAPE = '\\';

  private BodyScan() {}

  /** Whether {@code body} may hold {@code ascii} in one of its strings (see above). */
  public static boolean mayHold(byte[] body, String ascii) {
    byte[] part = ascii.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i < body.length; i++) {
      if (body[i] == ESCAPE) {
        return true;
      }
      if (i > body.length - part.length) {
        continue;
      }
      for (int j = 0; j < part.length; j++) {
        if (body[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
