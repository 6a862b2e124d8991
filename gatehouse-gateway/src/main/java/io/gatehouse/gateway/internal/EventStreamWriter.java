package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.sse.SseEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One {@code text/event-stream} response to a caller. Every write is flushed at once, one event at a
 * time; writes from the relay and keep-alives from {@link KeepAlive} are serialised by a lock. The first
 * failed write marks the caller gone and completes the HTTP exchange, so nothing waits on a dead socket.
 */
final class EventStreamWriter {
  private final Response response;
  private final Callback callback;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean keepAlivePending = new AtomicBoolean();
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile boolean gone;
  private boolean finished;
  private ByteArrayOutputStream corked;

  EventStreamWriter(Response response, Callback callback, Map<String, String> headers) {
    this.response = response;
    this.callback = callback;
    response.setStatus(200);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    h.put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
    h.put("X-Accel-Buffering", "no");
    headers.forEach(h::put);
  }

  /** Writes {@code bytes} (one or more complete events) and flushes; false when the caller is gone. */
  boolean write(byte[] bytes) {
    lock.lock();
    try {
      if (gone || finished) {
        return false;
      }
      if (corked != null) {
        corked.writeBytes(bytes);
        return true;
      }
      Content.Sink.write(response, false, ByteBuffer.wrap(bytes));
      lastWriteNanos = System.nanoTime();
      return true;
    } catch (IOException | RuntimeException e) {
      fail(e);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Holds writes back until {@link #uncork()} (or {@link #close()}), which sends them as one. */
  void cork() {
    lock.lock();
    try {
      if (corked == null) {
        corked = new ByteArrayOutputStream(1024);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends what {@link #cork()} held back, in one write. */
  void uncork() {
    lock.lock();
    try {
      ByteArrayOutputStream held = corked;
      corked = null;
      if (held != null && held.size() > 0 && !gone && !finished) {
        Content.Sink.write(response, false, ByteBuffer.wrap(held.toByteArray()));
        lastWriteNanos = System.nanoTime();
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      lock.unlock();
    }
  }

  boolean isGone() {
    return gone;
  }

  long idleNanos(long now) {
    return now - lastWriteNanos;
  }

  /** Sends a keep-alive comment unless a write is in progress or one is already queued. */
  void keepAlive() {
    if (!keepAlivePending.compareAndSet(false, true)) {
      return;
    }
    Thread.startVirtualThread(() -> {
      try {
        if (lock.tryLock()) {
          try {
            if (!gone && !finished) {
              Content.Sink.write(response, false, ByteBuffer.wrap(SseEncoder.keepAlive()));
              lastWriteNanos = System.nanoTime();
            }
          } catch (IOException | RuntimeException e) {
            fail(e);
          } finally {
            lock.unlock();
          }
        }
      } finally {
        keepAlivePending.set(false);
      }
    });
  }

  /** Ends the response normally. */
  void close() {
    lock.lock();
    try {
      if (gone || finished) {
        return;
      }
      finished = true;
      ByteArrayOutputStream held = corked;
      corked = null;
      Content.Sink.write(response, true, ByteBuffer.wrap(held == null ? new byte[0] : held.toByteArray()));
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      gone = true;
      callback.failed(e);
    } finally {
      lock.unlock();
    }
  }

  private void fail(Throwable cause) {
    if (!gone && !finished) {
      gone = true;
      callback.failed(cause);
    }
  }
}
