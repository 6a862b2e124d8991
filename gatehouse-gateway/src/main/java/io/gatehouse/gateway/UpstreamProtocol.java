package io.gatehouse.gateway;

import io.gatehouse.protocol.Era;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which protocol era a route's upstream speaks ({@code upstream.protocol}): detected, or fixed by
 * the operator.
 */
public enum UpstreamProtocol {
  /**
   * Detect it: a {@code server/discover} probe first (2026-07-28, "Era detection on HTTP"); an
   * answer that is not a modern one means the session era. The verdict is kept per route and probed
   * again after a failure.
   */
  AUTO("auto", null),
  /** The stateless era (2026-07-28). */
  MODERN("2026-07-28", Era.MODERN),
  /** The session era (2025-11-25 and before). */
  LEGACY("2025-11-25", Era.LEGACY);

  private final String configName;
  private final Era era;

  UpstreamProtocol(String configName, Era era) {
    this.configName = configName;
    this.era = era;
  }

  public String configName() {
    return configName;
  }

  /** The era this fixes, or null for {@link #AUTO}. */
  public Era era() {
    return era;
  }

  /** Parses the configuration spelling ({@code auto}, {@code 2026-07-28}, {@code 2025-11-25}). */
  public static UpstreamProtocol fromConfig(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (UpstreamProtocol p : values()) {
      if (p.configName.equals(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "protocol: "
            + value
            + " (expected: "
            + Arrays.stream(values())
                .map(UpstreamProtocol::configName)
                .collect(Collectors.joining(", "))
            + ")");
  }
}
