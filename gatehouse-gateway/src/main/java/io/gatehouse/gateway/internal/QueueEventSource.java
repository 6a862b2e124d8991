package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Events handed over by a {@link LegacyConnection}'s reader thread, ending at {@link #END}. */
final class QueueEventSource implements EventSource {
  /** Marks the end of a stream. */
  static final SseEvent END = new SseEvent(null, "gatehouse-end", null, -1);
  /** Marks that the upstream connection broke before the stream ended. */
  static final SseEvent BROKEN = new SseEvent(null, "gatehouse-broken", null, -1);

  private final String route;
  private final BlockingQueue<SseEvent> queue;
  private final long deadlineNanos;
  private final Runnable onClose;
  private volatile boolean closed;

  /** @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} for none */
  QueueEventSource(String route, BlockingQueue<SseEvent> queue, long deadlineNanos, Runnable onClose) {
    this.route = route;
    this.queue = queue;
    this.deadlineNanos = deadlineNanos;
    this.onClose = onClose;
  }

  @Override
  public SseEvent next() {
    if (closed) {
      return null;
    }
    SseEvent e = poll();
    if (e == END) {
      close();
      return null;
    }
    if (e == BROKEN) {
      close();
      throw new GatewayException(GatewayErrors.UPSTREAM_UNAVAILABLE,
          "route '" + route + "': the upstream closed its event stream");
    }
    return e;
  }

  private SseEvent poll() {
    try {
      if (deadlineNanos == Long.MAX_VALUE) {
        return queue.take();
      }
      SseEvent e = queue.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null && !closed) {
        close();
        throw UpstreamFailures.timeout(route, null);
      }
      return e == null ? END : e;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      close();
      return END;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      queue.offer(END);
      onClose.run();
    }
  }
}
