package io.gatehouse.gateway.internal;

import java.time.Duration;

/** An upstream exchange under way, whose answer can be awaited in steps. */
interface PendingReply {

  /**
   * The answer, if its headers arrive within {@code wait}; null otherwise.
   *
   * @throws io.gatehouse.gateway.GatewayException when the exchange failed
   */
  UpstreamReply await(Duration wait);

  /** The answer, waiting up to the route's request deadline. */
  UpstreamReply await();

  /** The upstream's {@code Mcp-Session-Id} from the answer's headers, or null; valid once answered. */
  String sessionId();

  /** Abandons the exchange. */
  void abort();
}
