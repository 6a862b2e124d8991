package io.gatehouse.observe.audit;

import io.gatehouse.core.ErrorKey;
import java.util.Locale;

/** What became of an exchange: let through, refused by a policy, or failed on the way. */
public enum Decision {
  ALLOWED,
  REFUSED,
  FAILED;

  /** Made once: every audit record names its decision twice, in its row and its log line. */
  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The name in records, filters and the usage API. */
  public String wireName() {
    return wire;
  }

  /** The decision of {@code wire}, or null when it names none. */
  public static Decision fromWire(String wire) {
    for (Decision d : values()) {
      if (d.wireName().equals(wire)) {
        return d;
      }
    }
    return null;
  }

  /**
   * The decision of an answer: a key of the upstream's or one answered with a 5xx is a failure (the
   * call was meant to go through); any other key is a refusal (a policy said no); no key but an
   * HTTP error status is a failure too.
   */
  public static Decision of(int status, ErrorKey error) {
    if (error != null) {
      return error.isUpstream() || error.httpStatus() >= 500 ? FAILED : REFUSED;
    }
    return status >= 400 ? FAILED : ALLOWED;
  }
}
