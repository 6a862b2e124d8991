package io.gatehouse.protocol.sse;

import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Event. {@code data} holds the UTF-8 bytes of the joined data lines (for MCP, one
 * JSON-RPC message); it is never null but may be empty.
 *
 * @param id the {@code id} field, or null
 * @param event the {@code event} field, or null (the default type, {@code message})
 * @param data the data, possibly empty
 * @param retryMillis the {@code retry} field, or -1 when absent
 */
public record SseEvent(String id, String event, byte[] data, long retryMillis) {
  private static final byte[] EMPTY = new byte[0];

  public SseEvent {
    data = data == null ? EMPTY : data;
  }

  /** A {@code message} event carrying one JSON-RPC message. */
  public static SseEvent message(String id, byte[] json) {
    return new SseEvent(id, null, json, -1);
  }

  /**
   * A priming event: an id and no data, sent first so the client can resume from it (transports,
   * 2025-11-25: "the server SHOULD immediately send an SSE event consisting of an event ID and an
   * empty data field").
   */
  public static SseEvent priming(String id, long retryMillis) {
    return new SseEvent(id, null, EMPTY, retryMillis);
  }

  public boolean hasData() {
    return data.length > 0;
  }

  /**
   * Whether this is a {@code message} event (the default type) as opposed to e.g. {@code endpoint}.
   */
  public boolean isMessage() {
    return event == null || event.isEmpty() || "message".equals(event);
  }

  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SseEvent[id="
        + id
        + ", event="
        + event
        + ", data="
        + data.length
        + " bytes, retry="
        + retryMillis
        + "]";
  }
}
