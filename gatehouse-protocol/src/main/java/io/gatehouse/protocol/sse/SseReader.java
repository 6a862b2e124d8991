package io.gatehouse.protocol.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads events from a {@code text/event-stream} body as they arrive (WHATWG HTML, "Server-sent events",
 * §9.2.6). Lines may end in CRLF, LF or CR; comments are skipped. Unlike a browser, a block that sets
 * only an {@code id} is still returned, because MCP priming events are exactly that.
 */
public final class SseReader {
  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int limit;
  private boolean skipLf;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  public SseReader(InputStream in) {
    this(in, 8192);
  }

  public SseReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** The next event, blocking until one is complete; null at the end of the stream. */
  public SseEvent next() throws IOException {
    Block block = new Block();
    while (true) {
      byte[] l = readLine();
      if (l == null) {
        return block.any ? block.toEvent() : null;
      }
      if (l.length == 0) {
        if (block.any) {
          return block.toEvent();
        }
        continue;
      }
      block.accept(l);
    }
  }

  private byte[] readLine() throws IOException {
    line.reset();
    while (true) {
      if (pos == limit && !fill()) {
        return line.size() > 0 ? line.toByteArray() : null;
      }
      byte b = buf[pos++];
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        skipLf = b == '\r';
        return line.toByteArray();
      }
      int start = pos - 1;
      int end = scanToLineEnd(start);
      line.write(buf, start, end - start);
      pos = end;
    }
  }

  private int scanToLineEnd(int from) {
    int i = from;
    while (i < limit && buf[i] != '\n' && buf[i] != '\r') {
      i++;
    }
    return i;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** The fields of the event being read. */
  private static final class Block {
    boolean any;
    String id;
    String event;
    long retry = -1;
    ByteArrayOutputStream data;

    void accept(byte[] l) {
      if (l[0] == ':') {
        return;
      }
      int colon = indexOf(l, (byte) ':');
      String field = new String(l, 0, colon < 0 ? l.length : colon, StandardCharsets.UTF_8);
      int valueStart = colon < 0 ? l.length : colon + 1;
      if (valueStart < l.length && l[valueStart] == ' ') {
        valueStart++;
      }
      switch (field) {
        case "data" -> appendData(l, valueStart);
        case "id" -> id = text(l, valueStart);
        case "event" -> event = text(l, valueStart);
        case "retry" -> retry = parseRetry(text(l, valueStart));
        default -> {
          return;
        }
      }
      any = true;
    }

    private void appendData(byte[] l, int from) {
      if (data == null) {
        data = new ByteArrayOutputStream(Math.max(64, l.length - from));
      } else {
        data.write('\n');
      }
      data.write(l, from, l.length - from);
    }

    private long parseRetry(String value) {
      return value.chars().allMatch(Character::isDigit) && !value.isEmpty() ? Long.parseLong(value) : retry;
    }

    SseEvent toEvent() {
      return new SseEvent(id, event, data == null ? null : data.toByteArray(), retry);
    }

    private static String text(byte[] l, int from) {
      return new String(l, from, l.length - from, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] l, byte b) {
      for (int i = 0; i < l.length; i++) {
        if (l[i] == b) {
          return i;
        }
      }
      return -1;
    }
  }
}
