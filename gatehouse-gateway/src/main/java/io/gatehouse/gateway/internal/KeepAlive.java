package io.gatehouse.gateway.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps idle event streams alive: a comment goes out on every stream that has written nothing for the
 * keep-alive interval. This is what lets a ten-minute tool call survive proxies with 60-second idle
 * timeouts, and what notices callers that went away while the upstream was still working.
 */
final class KeepAlive {
  private final Set<EventStreamWriter> streams = ConcurrentHashMap.newKeySet();
  private final long intervalNanos;

  KeepAlive(ScheduledExecutorService timer, Duration interval) {
    this.intervalNanos = interval.toNanos();
    long tick = Math.max(10, Math.min(1000, interval.toMillis() / 2));
    timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  void register(EventStreamWriter stream) {
    streams.add(stream);
  }

  void unregister(EventStreamWriter stream) {
    streams.remove(stream);
  }

  int size() {
    return streams.size();
  }

  private void tick() {
    long now = System.nanoTime();
    for (EventStreamWriter s : streams) {
      if (s.isGone()) {
        streams.remove(s);
      } else if (s.idleNanos(now) >= intervalNanos) {
        s.keepAlive();
      }
    }
  }
}
