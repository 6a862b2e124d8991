package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * How the era bridge (2026-07-28 callers of a session-era upstream) keeps its state on this
 * replica.
 *
 * @param replica this process's replica id, written into every sealed {@code requestState} so a
 *     retry reaching another replica is sent to the one holding the upstream request
 * @param idle how long a pooled upstream session may go unused before it is ended ({@code DELETE})
 * @param maxSessions how many upstream sessions the pool holds at most on this replica
 * @param inputWait how long an upstream request that asked the caller something ({@code
 *     input_required}) is held for the caller's retry; also the expiry of its {@code requestState}
 */
public record BridgeSettings(String replica, Duration idle, int maxSessions, Duration inputWait) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public BridgeSettings {
    requireNonNull(replica, "replica");
    if (replica.isEmpty()) {
      throw new IllegalArgumentException("replica: '' (expected: an id)");
    }
    positive("bridge idle", idle);
    positive("bridge input wait", inputWait);
    if (maxSessions <= 0) {
      throw new IllegalArgumentException(
          "bridge max sessions: " + maxSessions + " (expected: > 0)");
    }
  }

  /** Defaults for a process of its own: a random replica id, 5 minutes, 1024 sessions. */
  public static BridgeSettings defaults() {
    byte[] id = new byte[9];
    RANDOM.nextBytes(id);
    return new BridgeSettings(
        Base64.getUrlEncoder().withoutPadding().encodeToString(id),
        Duration.ofMinutes(5),
        1024,
        Duration.ofMinutes(5));
  }

  public BridgeSettings withReplica(String replica) {
    return new BridgeSettings(replica, idle, maxSessions, inputWait);
  }

  public BridgeSettings withIdle(Duration idle) {
    return new BridgeSettings(replica, idle, maxSessions, inputWait);
  }

  public BridgeSettings withMaxSessions(int maxSessions) {
    return new BridgeSettings(replica, idle, maxSessions, inputWait);
  }

  public BridgeSettings withInputWait(Duration inputWait) {
    return new BridgeSettings(replica, idle, maxSessions, inputWait);
  }

  private static void positive(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
