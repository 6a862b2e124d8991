package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A Streamable HTTP event stream that a caller can resume with {@code Last-Event-ID}
 * (transports, 2025-11-25, "Resumability and Redelivery"). Events are logged while the stream runs;
 * when the caller's connection drops, the relay keeps going and the log keeps the events, so a GET with
 * the last id seen replays the rest and continues live. A stream that ends with its caller attached
 * drops its log at once.
 *
 * <p>Ids come from {@link EventIds}: unique in the session whatever the upstream's ids look like (some
 * upstreams repeat theirs), and carrying the request and the upstream's id, so any replica can resume.
 */
final class ResumableStream implements DownstreamStream {
  private final String key;
  private final io.gatehouse.protocol.JsonRpcId requestId;
  private final KeepAlive keepAlive;
  private final long retryMillis;
  private final long maxLogBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Logged> log = new ArrayDeque<>();
  private long logBytes;
  private int seq;
  private EventStreamWriter writer;
  private boolean completed;
  private boolean retained;
  private boolean parked;
  private volatile long detachedAtNanos;
  private volatile Runnable onAbandon = () -> {};

  private record Logged(String id, byte[] bytes) {}

  /** @param requestId the request whose answer the stream carries; null for a GET stream */
  ResumableStream(String key, io.gatehouse.protocol.JsonRpcId requestId, EventStreamWriter writer, KeepAlive keepAlive,
      long retryMillis, long maxLogBytes) {
    this.key = key;
    this.requestId = requestId;
    this.writer = writer;
    this.keepAlive = keepAlive;
    this.retryMillis = retryMillis;
    this.maxLogBytes = maxLogBytes;
    keepAlive.register(writer);
  }

  /** What to do when the stream is given up on (its caller never came back): stop reading upstream. */
  void onAbandon(Runnable action) {
    onAbandon = action;
  }

  @Override
  public void prime(SseEvent upstreamPriming) {
    if (upstreamPriming != null) {
      emit(upstreamPriming.retryMillis() >= 0 ? upstreamPriming
          : new SseEvent(upstreamPriming.id(), null, null, retryMillis));
    } else {
      append(SseEvent.priming(nextId(null), retryMillis));
    }
  }

  @Override
  public void emit(SseEvent e) {
    append(new SseEvent(nextId(e.id()), e.event(), e.data(), e.retryMillis()));
  }

  @Override
  public void emitMessage(byte[] json) {
    append(SseEvent.message(nextId(null), json));
  }

  @Override
  public void complete() {
    lock.lock();
    try {
      completed = true;
      dropGoneWriter();
      if (writer != null) {
        writer.close();
        keepAlive.unregister(writer);
        writer = null;
        log.clear();
        logBytes = 0;
      } else {
        retained = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Leaves the stream open with no answer to come, as an upstream does with the stream of a cancelled
   * request: a client that sees its stream end without an answer would keep resuming it. It closes when
   * the caller goes away or the session ends.
   */
  @Override
  public void park() {
    lock.lock();
    try {
      parked = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean batch(BooleanSupplier work) {
    EventStreamWriter w;
    lock.lock();
    try {
      w = writer;
    } finally {
      lock.unlock();
    }
    if (w == null) {
      return work.getAsBoolean();
    }
    w.cork();
    try {
      return work.getAsBoolean();
    } finally {
      w.uncork();
    }
  }

  @Override
  public boolean isAttached() {
    lock.lock();
    try {
      dropGoneWriter();
      return writer != null;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the stream must be kept for a caller that may come back. */
  boolean isRetained() {
    lock.lock();
    try {
      dropGoneWriter();
      return parked || retained || (!completed && writer == null);
    } finally {
      lock.unlock();
    }
  }

  boolean contains(String eventId) {
    lock.lock();
    try {
      return log.stream().anyMatch(l -> l.id().equals(eventId));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replays what followed {@code lastEventId} to {@code next} and makes it the stream's caller.
   *
   * @return false when the id is not (or no longer) in this stream's log
   */
  boolean resume(EventStreamWriter next, String lastEventId) {
    lock.lock();
    try {
      Iterator<Logged> it = log.iterator();
      boolean found = false;
      while (it.hasNext() && !found) {
        found = it.next().id().equals(lastEventId);
      }
      if (!found) {
        return false;
      }
      while (it.hasNext()) {
        next.write(it.next().bytes());
      }
      if (writer != null) {
        keepAlive.unregister(writer);
        writer.close();
      }
      if (completed) {
        next.close();
        writer = null;
      } else {
        writer = next;
        keepAlive.register(next);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the stream has waited for its caller longer than {@code windowNanos}; abandons it if so. */
  boolean expire(long now, long windowNanos) {
    lock.lock();
    try {
      dropGoneWriter();
      boolean waitingForCaller = writer == null && (retained || parked || !completed);
      if (!waitingForCaller || now - detachedAtNanos < windowNanos) {
        return false;
      }
      log.clear();
      logBytes = 0;
    } finally {
      lock.unlock();
    }
    if (!completed && !parked) {
      onAbandon.run();
    }
    return true;
  }

  /** Ends the stream at once, caller or not: the session was deleted. */
  void abandon() {
    boolean running;
    lock.lock();
    try {
      running = !completed;
      log.clear();
      logBytes = 0;
    } finally {
      lock.unlock();
    }
    if (running && !parked) {
      onAbandon.run();
    }
    complete();
  }

  private String nextId(String upstreamId) {
    lock.lock();
    try {
      return EventIds.of(key, seq++, requestId, upstreamId);
    } finally {
      lock.unlock();
    }
  }

  private void append(SseEvent e) {
    byte[] bytes = SseEncoder.encode(e);
    lock.lock();
    try {
      if (e.id() != null) {
        log.addLast(new Logged(e.id(), bytes));
        logBytes += bytes.length;
        while (logBytes > maxLogBytes && log.size() > 1) {
          logBytes -= log.removeFirst().bytes().length;
        }
      }
      if (writer != null && !writer.write(bytes)) {
        dropGoneWriter();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a caller whose connection failed; call with the lock held. */
  private void dropGoneWriter() {
    if (writer != null && writer.isGone()) {
      keepAlive.unregister(writer);
      writer = null;
      detachedAtNanos = System.nanoTime();
    }
  }
}
