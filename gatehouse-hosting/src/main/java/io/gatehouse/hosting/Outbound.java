package io.gatehouse.hosting;

import java.nio.charset.StandardCharsets;

/**
 * One message on its way to a client's stream; {@code last} ends a request's stream (its answer).
 */
record Outbound(byte[] json, boolean last) {
  /** The message as one server-sent event. */
  byte[] event() {
    byte[] head = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + json.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(json, 0, out, head.length, json.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }
}
