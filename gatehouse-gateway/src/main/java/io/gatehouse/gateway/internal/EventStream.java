package io.gatehouse.gateway.internal;

import io.gatehouse.http.spi.EdgeExchange;
import io.gatehouse.protocol.sse.SseEncoder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code text/event-stream} answer to a caller. Each write goes out and is flushed at once; a
 * comment goes out when the stream has been quiet for the keep-alive interval, which keeps proxies
 * with idle timeouts from cutting long tool calls and notices callers that went away.
 */
final class EventStream {
  private final EdgeExchange edge;
  private final long keepAliveNanos;
  private final ScheduledFuture<?> ticker;
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile boolean closed;
  private long written;

  EventStream(EdgeExchange edge, HttpHeaders headers, Duration keepAlive) {
    this.edge = edge;
    this.keepAliveNanos = keepAlive.toNanos();
    long tick = Math.max(10, Math.min(1000, keepAlive.toMillis() / 2));
    this.ticker = edge.loop().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    edge.startStream(HttpResponseStatus.OK, headers(headers));
  }

  /** Adds the headers of an event-stream answer, that no proxy on the way buffers or transforms. */
  static HttpHeaders headers(HttpHeaders headers) {
    return headers
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-transform")
        .set("X-Accel-Buffering", "no");
  }

  /** Writes one or more complete events; false when the caller is gone. */
  boolean write(byte[] bytes) {
    if (closed || !edge.isOpen()) {
      return false;
    }
    edge.write(Unpooled.wrappedBuffer(bytes));
    written += bytes.length;
    lastWriteNanos = System.nanoTime();
    return true;
  }

  /**
   * Whether the caller takes more writes now. When it does not, {@code pause} runs at once and
   * {@code resume} once it does again; a caller that is gone never holds a relay up.
   */
  boolean throttle(Runnable pause, Runnable resume) {
    if (isGone() || edge.isWritable()) {
      return false;
    }
    pause.run();
    edge.onWritable(resume);
    return true;
  }

  boolean isGone() {
    return closed || !edge.isOpen();
  }

  private void tick() {
    if (isGone()) {
      ticker.cancel(false);
    } else if (System.nanoTime() - lastWriteNanos >= keepAliveNanos) {
      write(SseEncoder.keepAlive());
    }
  }

  /** How many bytes of events went out on this stream so far (keep-alive comments too). */
  long written() {
    return written;
  }

  EdgeExchange edge() {
    return edge;
  }

  /** Ends the answer normally. */
  void close() {
    closeWith(null);
  }

  /** Writes {@code last} (complete events) and ends the answer, in one write. */
  void closeWith(byte[] last) {
    if (!closed) {
      closed = true;
      ticker.cancel(false);
      if (last == null) {
        edge.end(Unpooled.EMPTY_BUFFER);
      } else {
        written += last.length;
        edge.end(Unpooled.wrappedBuffer(last));
      }
    }
  }
}
