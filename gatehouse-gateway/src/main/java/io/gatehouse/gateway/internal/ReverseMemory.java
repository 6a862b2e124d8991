package io.gatehouse.gateway.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a bridged session asked for that its sealed id cannot carry, since the id never changes: the
 * log level of {@code logging/setLevel}, the URIs of {@code resources/subscribe}, and the GET
 * streams open for it. Kept per replica: a level or subscription sent to another replica applies
 * there only. Bounded like {@link Sessions}: past the limit everything is dropped at once.
 */
final class ReverseMemory {
  private static final int REMEMBERED = 100_000;

  /** One session's part. */
  static final class Session {
    volatile String logLevel;
    final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    final List<ReverseListen> listening = new CopyOnWriteArrayList<>();

    /** Every open GET stream of the session follows its new subscriptions. */
    void subscriptionsChanged() {
      listening.forEach(ReverseListen::reopen);
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Session of(String sessionId) {
    if (sessions.size() >= REMEMBERED && !sessions.containsKey(sessionId)) {
      sessions.clear();
    }
    return sessions.computeIfAbsent(sessionId, k -> new Session());
  }

  /** Forgets a session deleted on this replica. */
  void forget(String sessionId) {
    Session s = sessions.remove(sessionId);
    if (s != null) {
      s.listening.forEach(ReverseListen::close);
    }
  }
}
