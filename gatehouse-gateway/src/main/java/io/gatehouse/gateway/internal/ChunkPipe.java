package io.gatehouse.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.io.Content;

/**
 * Hands the chunks of an upstream event stream from Jetty's client threads to the one thread reading
 * them, as an {@link InputStream}. A chunk is released and the next one demanded only once it has been
 * read, so a slow caller slows the upstream down instead of filling memory. {@link #close} may come from
 * any thread; a reader blocked waiting for data then sees the end of the stream.
 */
final class ChunkPipe extends InputStream {
  private record Item(Content.Chunk chunk, Runnable demander, Throwable failure) {}

  private static final Item END = new Item(null, null, null);

  private final LinkedBlockingQueue<Item> items = new LinkedBlockingQueue<>();
  private Item current;
  private boolean done;
  private boolean closed;

  void offer(Content.Chunk chunk, Runnable demander) {
    synchronized (this) {
      if (!closed) {
        chunk.retain();
        items.add(new Item(chunk, demander, null));
        return;
      }
    }
    demander.run();
  }

  void finish(Throwable failure) {
    items.add(failure == null ? END : new Item(null, null, failure));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      synchronized (this) {
        if (done || closed) {
          return -1;
        }
        if (current != null) {
          ByteBuffer buf = current.chunk().getByteBuffer();
          if (buf.hasRemaining()) {
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
          }
          releaseCurrent();
        }
      }
      accept(take());
    }
  }

  private synchronized void accept(Item next) throws IOException {
    if (next == END || closed) {
      done = true;
      release(next);
      return;
    }
    if (next.failure() != null) {
      done = true;
      throw new IOException("the upstream stream failed", next.failure());
    }
    current = next;
  }

  private Item take() throws IOException {
    try {
      return items.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void releaseCurrent() {
    Item item = current;
    current = null;
    release(item);
  }

  private static void release(Item item) {
    if (item != null && item.chunk() != null) {
      item.chunk().release();
      item.demander().run();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      releaseCurrent();
      for (Item i = items.poll(); i != null; i = items.poll()) {
        release(i);
      }
    }
    items.add(END);
  }
}
