package io.gatehouse.agent.wire;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Item and response ids in OpenAI's style: a prefix and 48 random hex digits. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String next(String prefix) {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  public static String response() {
    return next("resp_");
  }
}
