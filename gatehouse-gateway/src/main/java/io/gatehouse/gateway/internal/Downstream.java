package io.gatehouse.gateway.internal;

import java.util.Map;

/** The caller's side of one exchange, as the relay sees it: where an event stream can be opened. */
interface Downstream {

  /** Whether the caller accepts {@code text/event-stream} answers. */
  boolean acceptsEventStream();

  /** Opens the event stream that carries the answer, with extra response headers. At most once. */
  DownstreamStream open(Map<String, String> headers);
}
