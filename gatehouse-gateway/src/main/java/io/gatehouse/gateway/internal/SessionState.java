package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.JsonRpcId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What this replica holds for one session while it has work in flight: the requests it is relaying
 * (so a {@code notifications/cancelled} can stop them) and the event streams a caller may resume.
 * Idle sessions hold nothing here; their state is all in the sealed session id.
 */
final class SessionState {
  private final Map<JsonRpcId, Runnable> inFlight = new ConcurrentHashMap<>();
  private final List<ResumableStream> streams = new CopyOnWriteArrayList<>();

  void started(JsonRpcId requestId, Runnable cancel) {
    inFlight.put(requestId, cancel);
  }

  void finished(JsonRpcId requestId) {
    inFlight.remove(requestId);
  }

  /** Stops relaying {@code requestId}, if it is in flight here. */
  boolean cancel(JsonRpcId requestId) {
    Runnable cancel = inFlight.remove(requestId);
    if (cancel != null) {
      cancel.run();
    }
    return cancel != null;
  }

  void add(ResumableStream stream) {
    streams.add(stream);
  }

  /** Forgets {@code stream} unless a caller may still come back for it. */
  void release(ResumableStream stream) {
    if (!stream.isRetained()) {
      streams.remove(stream);
    }
  }

  /** The stream whose log holds {@code eventId}, or null. */
  ResumableStream streamWith(String eventId) {
    for (ResumableStream s : streams) {
      if (s.contains(eventId)) {
        return s;
      }
    }
    return null;
  }

  void expire(long now, long windowNanos) {
    streams.removeIf(s -> s.expire(now, windowNanos));
  }

  /** Ends everything: the session was deleted. */
  void closeAll() {
    inFlight.keySet().forEach(this::cancel);
    streams.forEach(ResumableStream::abandon);
    streams.clear();
  }

  boolean isIdle() {
    return inFlight.isEmpty() && streams.isEmpty();
  }
}
