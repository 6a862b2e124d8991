package io.gatehouse.gateway.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event streams of one session that this replica holds while they run or while a caller may
 * still resume them. Sessions without such streams hold nothing here; their state is all in the
 * sealed id.
 */
final class SessionState {
  private final List<ResumableStream> streams = new CopyOnWriteArrayList<>();

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

  /** Ends every stream: the session was deleted. */
  void closeAll() {
    streams.forEach(ResumableStream::abandon);
    streams.clear();
  }

  boolean isIdle() {
    return streams.isEmpty();
  }
}
