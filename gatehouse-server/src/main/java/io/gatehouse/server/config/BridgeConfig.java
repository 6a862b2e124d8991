package io.gatehouse.server.config;

import io.gatehouse.gateway.BridgeSettings;
import java.time.Duration;

/**
 * Reads {@code gateway.bridge:}, how the forward era bridge keeps its state on each replica ({@link
 * BridgeSettings}); what is not set keeps its default. The replica id is the cluster's, set at
 * start.
 */
final class BridgeConfig {
  /** More upstream sessions than this per replica is a typo, not a plan. */
  static final int MAX_SESSIONS = 1_000_000;

  private BridgeConfig() {}

  static BridgeSettings settings(RawConfig.Bridge raw) {
    BridgeSettings d = BridgeSettings.defaults();
    if (raw == null) {
      return d;
    }
    int max =
        Values.count(
            "gateway.bridge.max-sessions", raw.maxSessions(), d.maxSessions(), MAX_SESSIONS);
    if (max == 0) {
      throw new ConfigException(
          "gateway.bridge.max-sessions: '"
              + raw.maxSessions()
              + "' (expected: a whole number from 1 to "
              + MAX_SESSIONS
              + ")");
    }
    return d.withIdle(positive("gateway.bridge.idle", raw.idle(), d.idle()))
        .withMaxSessions(max)
        .withInputWait(positive("gateway.bridge.input-wait", raw.inputWait(), d.inputWait()));
  }

  private static Duration positive(String key, String value, Duration fallback) {
    Duration d = Values.duration(key, value, fallback);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(key + ": '" + value + "' (expected: more than 0, such as 5m)");
    }
    return d;
  }
}
