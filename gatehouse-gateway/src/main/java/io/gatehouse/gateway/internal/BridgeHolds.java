package io.gatehouse.gateway.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridged calls of this replica whose upstream request waits for the caller's answers (MRTR),
 * by a random id that the caller's sealed {@code requestState} carries. A retry finds its call
 * here, or learns it is gone; it never starts the call again.
 */
final class BridgeHolds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, BridgeCall> held = new ConcurrentHashMap<>();

  /** Holds {@code call} under a new id. */
  String hold(BridgeCall call) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    held.put(id, call);
    return id;
  }

  /** The call held under {@code id}, or null when it ended or never was here. */
  BridgeCall get(String id) {
    return held.get(id);
  }

  void release(String id, BridgeCall call) {
    held.remove(id, call);
  }

  int size() {
    return held.size();
  }
}
