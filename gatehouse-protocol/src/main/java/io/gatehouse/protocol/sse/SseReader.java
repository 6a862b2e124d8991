package io.gatehouse.protocol.sse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Reads events from a {@code text/event-stream} body as they arrive, blocking: {@link SseDecoder}
 * over an {@link InputStream}, for tests and blocking clients.
 */
public final class SseReader {
  private final InputStream in;
  private final byte[] buf;
  private final SseDecoder decoder = new SseDecoder(Integer.MAX_VALUE);
  private final ArrayDeque<SseEvent> ready = new ArrayDeque<>();
  private boolean ended;

  public SseReader(InputStream in) {
    this(in, 8192);
  }

  public SseReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** The next event, blocking until one is complete; null at the end of the stream. */
  public SseEvent next() throws IOException {
    while (ready.isEmpty() && !ended) {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        ended = true;
        decoder.finish(ready::add);
      } else {
        decoder.feed(ByteBuffer.wrap(buf, 0, n), ready::add);
      }
    }
    return ready.poll();
  }
}
