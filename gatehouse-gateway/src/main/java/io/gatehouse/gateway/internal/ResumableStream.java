package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A Streamable HTTP event stream that a caller can resume with {@code Last-Event-ID} (transports,
 * 2025-11-25, "Resumability and Redelivery"). Events are logged while the stream runs; when the
 * caller's connection drops, the relay keeps going and the log keeps the events, so a GET with the
 * last id seen replays the rest and continues live. A stream that ends with its caller attached
 * drops its log at once, so the common case costs one list of a few events.
 *
 * <p>Ids come from {@link EventIds}: unique in the session whatever the upstream's ids look like
 * (some upstreams repeat theirs), and carrying the request and the upstream's id, so any replica
 * can resume. The relay writes from its event loop; a resume may come from another loop and the
 * sweep from a timer, so the state is guarded by this object's monitor.
 */
final class ResumableStream implements DownstreamStream {
  private final String key;
  private final JsonRpcId requestId;
  private final long retryMillis;
  private final long maxLogBytes;
  private final ArrayDeque<Logged> log = new ArrayDeque<>();
  private long logBytes;
  private int seq;
  private EventStream writer;
  private boolean completed;
  private boolean retained;
  private boolean parked;
  private long detachedAtNanos;
  private ByteArrayOutputStream corked;
  private volatile Runnable onAbandon = () -> {};

  private record Logged(String id, byte[] bytes) {}

  /**
   * @param requestId the request whose answer the stream carries; null for a GET stream
   */
  ResumableStream(
      String key, JsonRpcId requestId, EventStream writer, long retryMillis, long maxLogBytes) {
    this.key = key;
    this.requestId = requestId;
    this.writer = writer;
    this.retryMillis = retryMillis;
    this.maxLogBytes = maxLogBytes;
  }

  /**
   * What to do when the stream is given up on (its caller never came back): stop reading upstream.
   */
  void onAbandon(Runnable action) {
    onAbandon = action;
  }

  @Override
  public void prime(SseEvent upstreamPriming) {
    if (upstreamPriming != null) {
      emit(
          upstreamPriming.retryMillis() >= 0
              ? upstreamPriming
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
  public synchronized void complete() {
    completed = true;
    ByteArrayOutputStream held = corked;
    corked = null;
    dropGoneWriter();
    if (writer != null) {
      writer.closeWith(held == null || held.size() == 0 ? null : held.toByteArray());
      writer = null;
      log.clear();
      logBytes = 0;
    } else {
      retained = true;
    }
  }

  /**
   * Leaves the stream open with no answer to come, as an upstream does with the stream of a
   * cancelled request: a client that sees its stream end without an answer would keep resuming it.
   * It closes when the caller goes away or the session ends.
   */
  @Override
  public synchronized void park() {
    flushCorked();
    parked = true;
  }

  @Override
  public void batch(Runnable work) {
    synchronized (this) {
      if (corked == null) {
        corked = new ByteArrayOutputStream(1024);
      }
    }
    try {
      work.run();
    } finally {
      synchronized (this) {
        flushCorked();
      }
    }
  }

  @Override
  public void throttle(Runnable pause, Runnable resume) {
    EventStream w;
    synchronized (this) {
      dropGoneWriter();
      w = writer;
    }
    if (w != null) {
      w.throttle(pause, resume);
    }
  }

  @Override
  public synchronized boolean isAttached() {
    dropGoneWriter();
    return writer != null;
  }

  /** Whether the stream must be kept for a caller that may come back. */
  synchronized boolean isRetained() {
    dropGoneWriter();
    return parked || retained || (!completed && writer == null);
  }

  synchronized boolean contains(String eventId) {
    for (Logged l : log) {
      if (l.id().equals(eventId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replays what followed {@code lastEventId} to {@code next} and makes it the stream's caller.
   *
   * @return false when the id is not (or no longer) in this stream's log
   */
  synchronized boolean resume(EventStream next, String lastEventId) {
    Iterator<Logged> it = log.iterator();
    boolean found = false;
    while (it.hasNext() && !found) {
      found = it.next().id().equals(lastEventId);
    }
    if (!found) {
      return false;
    }
    ByteArrayOutputStream replay = new ByteArrayOutputStream();
    it.forEachRemaining(l -> replay.writeBytes(l.bytes()));
    if (replay.size() > 0) {
      next.write(replay.toByteArray());
    }
    if (writer != null) {
      writer.close();
    }
    if (completed) {
      next.close();
      writer = null;
    } else {
      writer = next;
    }
    return true;
  }

  /**
   * Whether the stream has waited for its caller longer than {@code windowNanos}; abandons it if
   * so.
   */
  boolean expire(long now, long windowNanos) {
    synchronized (this) {
      dropGoneWriter();
      boolean waitingForCaller = writer == null && (retained || parked || !completed);
      if (!waitingForCaller || now - detachedAtNanos < windowNanos) {
        return false;
      }
      log.clear();
      logBytes = 0;
    }
    if (!completed && !parked) {
      onAbandon.run();
    }
    return true;
  }

  /** Ends the stream at once, caller or not: the session was deleted. */
  void abandon() {
    boolean running;
    synchronized (this) {
      running = !completed;
      log.clear();
      logBytes = 0;
    }
    if (running && !parked) {
      onAbandon.run();
    }
    complete();
  }

  private synchronized String nextId(String upstreamId) {
    return EventIds.of(key, seq++, requestId, upstreamId);
  }

  private synchronized void append(SseEvent e) {
    byte[] bytes = SseEncoder.encode(e);
    if (e.id() != null) {
      log.addLast(new Logged(e.id(), bytes));
      logBytes += bytes.length;
      while (logBytes > maxLogBytes && log.size() > 1) {
        logBytes -= log.removeFirst().bytes().length;
      }
    }
    if (corked != null) {
      corked.writeBytes(bytes);
    } else if (writer != null && !writer.write(bytes)) {
      dropGoneWriter();
    }
  }

  private void flushCorked() {
    ByteArrayOutputStream held = corked;
    corked = null;
    if (held != null && held.size() > 0 && writer != null && !writer.write(held.toByteArray())) {
      dropGoneWriter();
    }
  }

  /** Forgets a caller whose connection failed; call with the monitor held. */
  private void dropGoneWriter() {
    if (writer != null && writer.isGone()) {
      writer = null;
      detachedAtNanos = System.nanoTime();
    }
  }
}
