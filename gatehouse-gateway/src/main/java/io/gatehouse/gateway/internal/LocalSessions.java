package io.gatehouse.gateway.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Session state held by this replica: {@link SessionState} for sessions with work in flight, and the ids
 * of sessions deleted here (refused with 404 until they would have expired anyway). Other replicas learn
 * of a deletion from the upstream, which ends its session too.
 */
final class LocalSessions {
  private final Map<String, SessionState> states = new ConcurrentHashMap<>();
  private final Map<String, Long> terminated = new ConcurrentHashMap<>();
  private final long resumeWindowNanos;

  LocalSessions(ScheduledExecutorService timer, Duration resumeWindow) {
    this.resumeWindowNanos = resumeWindow.toNanos();
    timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  SessionState state(String sessionId) {
    return states.computeIfAbsent(sessionId, k -> new SessionState());
  }

  /** The state, or null when this replica holds none. */
  SessionState peek(String sessionId) {
    return states.get(sessionId);
  }

  /** Drops the state of {@code sessionId} if nothing is left in it. */
  void release(String sessionId) {
    states.computeIfPresent(sessionId, (k, s) -> s.isIdle() ? null : s);
  }

  void terminate(String sessionId, long expiresAtEpochSecond) {
    terminated.put(sessionId, expiresAtEpochSecond);
    SessionState s = states.remove(sessionId);
    if (s != null) {
      s.closeAll();
    }
  }

  boolean isTerminated(String sessionId) {
    return terminated.containsKey(sessionId);
  }

  int activeCount() {
    return states.size();
  }

  private void sweep() {
    long nowSeconds = Instant.now().getEpochSecond();
    terminated.values().removeIf(expiry -> expiry <= nowSeconds);
    long now = System.nanoTime();
    states.forEach((id, s) -> {
      s.expire(now, resumeWindowNanos);
      release(id);
    });
  }
}
