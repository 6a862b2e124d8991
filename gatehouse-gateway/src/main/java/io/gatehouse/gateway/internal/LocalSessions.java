package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.JsonRpcId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Session state held by this replica: the requests it is relaying (so a {@code
 * notifications/cancelled} can stop them), {@link SessionState} for sessions with event streams,
 * and the ids of sessions deleted here (refused with 404 until they would have expired anyway).
 * Other replicas learn of a deletion from the upstream, which ends its session too. One map entry
 * per request in flight is all a JSON call costs.
 */
final class LocalSessions {
  private record InFlight(String sessionId, JsonRpcId requestId) {}

  private final Map<InFlight, Runnable> inFlight = new ConcurrentHashMap<>();
  private final Map<String, SessionState> states = new ConcurrentHashMap<>();
  private final Map<String, Long> terminated = new ConcurrentHashMap<>();
  private final long resumeWindowNanos;

  LocalSessions(ScheduledExecutorService timer, Duration resumeWindow) {
    this.resumeWindowNanos = resumeWindow.toNanos();
    timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  void started(String sessionId, JsonRpcId requestId, Runnable cancel) {
    inFlight.put(new InFlight(sessionId, requestId), cancel);
  }

  void finished(String sessionId, JsonRpcId requestId) {
    inFlight.remove(new InFlight(sessionId, requestId));
  }

  /** Stops relaying {@code requestId}, if it is in flight here. */
  boolean cancel(String sessionId, JsonRpcId requestId) {
    Runnable cancel = inFlight.remove(new InFlight(sessionId, requestId));
    if (cancel != null) {
      cancel.run();
    }
    return cancel != null;
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
    inFlight.keySet().stream()
        .filter(k -> k.sessionId().equals(sessionId))
        .toList()
        .forEach(k -> cancel(k.sessionId(), k.requestId()));
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
    states.forEach(
        (id, s) -> {
          s.expire(now, resumeWindowNanos);
          release(id);
        });
  }
}
