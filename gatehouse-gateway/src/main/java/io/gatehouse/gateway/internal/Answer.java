package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.sse.SseEvent;

/**
 * How an upstream answers one message, as the relays see it, whichever transport carried it:
 * accepted (202), one JSON message, an event stream, an HTTP error, or a failure. Every call comes
 * on the event loop of the exchange; a stream ends with {@link #streamEnded} or {@link #failed}.
 */
interface Answer {
  /** 202 or an empty 2xx: the upstream took a notification or response. */
  void accepted(String upstreamSessionId);

  /** A JSON answer. */
  void message(String upstreamSessionId, byte[] json);

  /** An event stream begins. */
  void streamStarted(String upstreamSessionId);

  void event(SseEvent e);

  void streamEnded();

  /** The upstream answered with an HTTP error. */
  void refused(int status, byte[] body, boolean json);

  void failed(GatewayException e);
}
