package io.gatehouse.connect;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoints found not to speak the modern era, so that the next {@link McpClient} to one goes
 * straight to {@code initialize} instead of probing again (transports, 2026-07-28: clients cache
 * the verdict). A verdict lasts {@link #LIFETIME}, so a server that is upgraded is probed again.
 */
final class EraMemory {
  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_ENTRIES = 4096;
  private static final Map<String, Long> LEGACY = new ConcurrentHashMap<>();

  private EraMemory() {}

  static boolean knownLegacy(URI endpoint) {
    Long until = LEGACY.get(endpoint.toString());
    if (until == null) {
      return false;
    }
    if (System.nanoTime() - until > 0) {
      LEGACY.remove(endpoint.toString(), until);
      return false;
    }
    return true;
  }

  static void legacy(URI endpoint) {
    if (LEGACY.size() >= MAX_ENTRIES) {
      LEGACY.clear(); // rare: a probe more for each, never an unbounded map
    }
    LEGACY.put(endpoint.toString(), System.nanoTime() + LIFETIME.toNanos());
  }

  static void modern(URI endpoint) {
    LEGACY.remove(endpoint.toString());
  }
}
