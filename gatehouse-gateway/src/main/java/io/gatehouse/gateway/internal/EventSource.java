package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.sse.SseEvent;

/** A stream of events from an upstream, read by one thread. */
interface EventSource extends AutoCloseable {

  /**
   * The next event, blocking until it arrives; null once the stream has ended.
   *
   * @throws io.gatehouse.gateway.GatewayException {@code UPSTREAM_TIMEOUT} past the route's deadline,
   *     {@code UPSTREAM_UNAVAILABLE} when the connection broke
   */
  SseEvent next();

  /** Stops reading and releases the connection; safe to call more than once. */
  @Override
  void close();
}
