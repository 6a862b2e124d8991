package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ProtocolException;
import io.gatehouse.protocol.sse.SseEvent;

/** Small checks on upstream events the relays share. */
final class Messages {
  private Messages() {}

  /** The message an event carries, or null when it carries none or nothing readable as JSON-RPC. */
  static JsonRpcMessage of(SseEvent e) {
    if (!e.hasData() || !e.isMessage()) {
      return null;
    }
    try {
      return EnvelopeScanner.scan(e.data());
    } catch (ProtocolException pe) {
      return null;
    }
  }

  /** The message {@code json} holds, or null when it is nothing readable as JSON-RPC. */
  static JsonRpcMessage of(byte[] json) {
    try {
      return EnvelopeScanner.scan(json);
    } catch (ProtocolException pe) {
      return null;
    }
  }

  /**
   * Whether to pass an event on: events without data (priming) and readable messages are; data that
   * is no JSON-RPC message (some upstreams replay {@code {}} placeholders) is not, since clients
   * fail on it.
   */
  static boolean isRelayable(SseEvent e) {
    return !e.hasData() || !e.isMessage() || of(e) != null;
  }
}
