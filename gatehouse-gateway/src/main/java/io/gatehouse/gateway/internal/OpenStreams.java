package io.gatehouse.gateway.internal;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server-to-client streams open on this replica, by route, so the control plane can push a
 * message of its own to their callers (a changed tool list). Touched only when such a stream opens
 * or ends; a call costs nothing here.
 */
final class OpenStreams {
  /** One open stream, which takes a pushed message on its own event loop. */
  interface Listener {
    EventLoop loop();

    /** Writes {@code json} as one event; called on {@link #loop()}. */
    void push(byte[] json);
  }

  private final Map<String, Set<Listener>> byRoute = new ConcurrentHashMap<>();

  void add(String route, Listener listener) {
    byRoute.compute(
        route,
        (r, s) -> {
          Set<Listener> set = s == null ? ConcurrentHashMap.newKeySet() : s;
          set.add(listener);
          return set;
        });
  }

  void remove(String route, Listener listener) {
    byRoute.computeIfPresent(
        route,
        (r, s) -> {
          s.remove(listener);
          return s.isEmpty() ? null : s;
        });
  }

  /** How many streams are open here, across routes. */
  int count() {
    int n = 0;
    for (Set<Listener> s : byRoute.values()) {
      n += s.size();
    }
    return n;
  }

  /** Queues {@code json} on each open stream of {@code route}; returns how many. */
  int push(String route, byte[] json) {
    Set<Listener> open = byRoute.get(route);
    if (open == null) {
      return 0;
    }
    int n = 0;
    for (Listener l : open) {
      l.loop().execute(() -> l.push(json));
      n++;
    }
    return n;
  }
}
