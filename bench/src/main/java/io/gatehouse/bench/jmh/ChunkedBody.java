package io.gatehouse.bench.jmh;

import java.io.InputStream;

/**
 * A response body handed over in fixed-size chunks. Like the gateway's {@code ChunkPipe}, a read
 * never crosses a chunk boundary, so the SSE reader sees events split across reads just as it does
 * live.
 */
final class ChunkedBody extends InputStream {
  private final byte[] body;
  private final int chunkBytes;
  private int pos;

  ChunkedBody(byte[] body, int chunkBytes) {
    this.body = body;
    this.chunkBytes = chunkBytes;
  }

  @Override
  public int read() {
    return pos < body.length ? body[pos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (pos == body.length) {
      return -1;
    }
    int leftInChunk = chunkBytes - pos % chunkBytes;
    int n = Math.min(len, Math.min(leftInChunk, body.length - pos));
    System.arraycopy(body, pos, b, off, n);
    pos += n;
    return n;
  }
}
