package io.gatehouse.http.spi;

import io.gatehouse.core.GatehouseException;

/**
 * An endpoint that works on the I/O thread itself, for the data plane: it is handed each request on
 * the event loop of the caller's connection, with the body read, and answers through the {@link
 * EdgeExchange} when it is ready, possibly long after {@link #handle} returned and possibly as a
 * stream. It must never block: work that blocks goes to a virtual thread and comes back with {@code
 * exchange.loop().execute}.
 */
public interface ChannelEndpoint {

  /** The largest body it takes; a larger one is read and dropped, then {@link #refuse}d. */
  int maxBodyBytes();

  /** Handles one request; the edge releases the request's buffers when this returns. */
  void handle(EdgeExchange exchange);

  /**
   * Answers a request the edge refused before {@link #handle} (a body over the limit), in the
   * endpoint's own format.
   */
  void refuse(EdgeExchange exchange, GatehouseException refusal);
}
