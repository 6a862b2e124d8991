package io.gatehouse.protocol.sse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Decodes a {@code text/event-stream} body pushed to it in pieces of any size (WHATWG HTML,
 * "Server-sent events", §9.2.6): lines may end in CRLF, LF or CR, even split across pieces;
 * comments are skipped. Unlike a browser, a block that sets only an {@code id} is still an event,
 * because MCP priming events are exactly that. Not thread-safe: one decoder per stream.
 */
public final class SseDecoder {
  private final int maxEventBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean skipLf;
  private Block block = new Block();

  /**
   * @param maxEventBytes the largest event (its lines together) accepted; a larger one throws
   *     {@link TooLarge}
   */
  public SseDecoder(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  /** An event larger than the decoder accepts. */
  public static final class TooLarge extends RuntimeException {
    TooLarge(int limit) {
      super("an event is larger than " + limit + " bytes", null, false, false);
    }
  }

  /** Decodes what {@code bytes} holds, handing each complete event to {@code out}. */
  public void feed(ByteBuffer bytes, Consumer<SseEvent> out) {
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        skipLf = b == '\r';
        endOfLine(out);
        continue;
      }
      line.write(b);
      int start = bytes.position();
      int end = start;
      int limit = bytes.limit();
      while (end < limit) {
        byte c = bytes.get(end);
        if (c == '\n' || c == '\r') {
          break;
        }
        end++;
      }
      if (end > start) {
        if (bytes.hasArray()) {
          line.write(bytes.array(), bytes.arrayOffset() + start, end - start);
        } else {
          byte[] copy = new byte[end - start];
          bytes.get(start, copy);
          line.writeBytes(copy);
        }
        bytes.position(end);
      }
      if (line.size() + block.size > maxEventBytes) {
        throw new TooLarge(maxEventBytes);
      }
    }
  }

  /** Ends the stream: a last event not followed by a blank line is still handed over. */
  public void finish(Consumer<SseEvent> out) {
    if (line.size() > 0) {
      endOfLine(out);
    }
    if (block.any) {
      out.accept(block.toEvent());
      block = new Block();
    }
  }

  private void endOfLine(Consumer<SseEvent> out) {
    if (line.size() == 0) {
      if (block.any) {
        out.accept(block.toEvent());
        block = new Block();
      }
      return;
    }
    block.accept(line.toByteArray());
    line.reset();
  }

  /** The fields of the event being read. */
  private static final class Block {
    boolean any;
    int size;
    String id;
    String event;
    long retry = -1;
    ByteArrayOutputStream data;

    void accept(byte[] l) {
      size += l.length;
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
      return !value.isEmpty() && value.chars().allMatch(Character::isDigit)
          ? Long.parseLong(value)
          : retry;
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
