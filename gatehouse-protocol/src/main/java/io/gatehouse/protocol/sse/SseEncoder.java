package io.gatehouse.protocol.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes events in the {@code text/event-stream} format, one complete event per call. */
public final class SseEncoder {
  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RETRY = "retry: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY_DATA = "data:\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseEncoder() {}

  /** A comment line: ignored by clients, keeps proxies and idle timers from closing the stream. */
  public static byte[] keepAlive() {
    return KEEP_ALIVE.clone();
  }

  /**
   * Encodes {@code event}. Data containing line breaks is split into several {@code data:} lines,
   * so any payload survives the round trip; JSON-RPC messages normally have none and take the fast
   * path.
   */
  public static byte[] encode(SseEvent event) {
    byte[] data = event.data();
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
    if (event.id() != null) {
      field(out, ID, event.id());
    }
    if (event.event() != null) {
      field(out, EVENT, event.event());
    }
    if (event.retryMillis() >= 0) {
      field(out, RETRY, Long.toString(event.retryMillis()));
    }
    if (data.length == 0) {
      out.writeBytes(EMPTY_DATA);
    } else {
      writeData(out, data);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, byte[] name, String value) {
    out.writeBytes(name);
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  private static void writeData(ByteArrayOutputStream out, byte[] data) {
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      boolean end = i == data.length;
      if (end || data[i] == '\n' || data[i] == '\r') {
        out.writeBytes(DATA);
        out.write(data, start, i - start);
        out.write('\n');
        if (!end && data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
  }
}
