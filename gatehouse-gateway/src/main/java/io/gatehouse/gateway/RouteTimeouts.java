package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long the gateway waits on a route's upstream.
 *
 * @param connect to open a connection; past it the caller gets {@code UPSTREAM_UNAVAILABLE}
 * @param request for the response to a request, streamed or not; past it the caller gets {@code
 *     UPSTREAM_TIMEOUT} and the upstream a {@code notifications/cancelled}. Long tool calls are
 *     normal, so the default is ten minutes, and SSE keep-alives hold the client's connection open
 *     meanwhile.
 */
public record RouteTimeouts(Duration connect, Duration request) {
  public static final RouteTimeouts DEFAULT =
      new RouteTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(10));

  public RouteTimeouts {
    requireNonNull(connect, "connect");
    requireNonNull(request, "request");
    if (connect.isNegative() || connect.isZero()) {
      throw new IllegalArgumentException("timeouts.connect: " + connect + " (expected: > 0)");
    }
    if (request.isNegative() || request.isZero()) {
      throw new IllegalArgumentException("timeouts.request: " + request + " (expected: > 0)");
    }
  }
}
