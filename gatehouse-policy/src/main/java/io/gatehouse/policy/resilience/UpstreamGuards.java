package io.gatehouse.policy.resilience;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The state that outlives a reload: a circuit breaker per route and upstream URL, and a count of
 * requests in flight per route, each made on first use and published as gauges ({@code
 * gatehouse.upstream.circuit.state}: 0 closed, 1 open, 2 half open; {@code
 * gatehouse.upstream.in.flight}), labelled by route.
 */
final class UpstreamGuards {
  private final MeterRegistry meters;
  private final LongSupplier nanos;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, CircuitBreaker> byRoute = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  UpstreamGuards(MeterRegistry meters, LongSupplier nanos) {
    this.meters = meters;
    this.nanos = nanos;
  }

  /** The upstream as logs may show it: scheme, host, port and path; no user info, no query. */
  static String shown(URI upstream) {
    return upstream.getScheme()
        + "://"
        + upstream.getHost()
        + (upstream.getPort() < 0 ? "" : ":" + upstream.getPort())
        + (upstream.getRawPath() == null ? "" : upstream.getRawPath());
  }

  CircuitBreaker breaker(String route, URI upstream) {
    CircuitBreaker b =
        breakers.computeIfAbsent(
            route + " " + upstream,
            k -> new CircuitBreaker("'" + route + "' (" + shown(upstream) + ")", nanos));
    if (byRoute.put(route, b) == null) {
      Gauge.builder("gatehouse.upstream.circuit.state", () -> circuitState(route))
          .description("The circuit of the route's upstream: 0 closed, 1 open, 2 half open")
          .tag("route", route)
          .register(meters);
    }
    return b;
  }

  AtomicInteger inFlight(String route) {
    return inFlight.computeIfAbsent(
        route,
        r -> {
          AtomicInteger n = new AtomicInteger();
          Gauge.builder("gatehouse.upstream.in.flight", n, AtomicInteger::get)
              .description(
                  "Requests in flight to the route's upstream, as its bulkhead counts them")
              .tag("route", r)
              .register(meters);
          return n;
        });
  }

  /** The circuit state of the route's current upstream: 0 closed, 1 open, 2 half open. */
  int circuitState(String route) {
    CircuitBreaker b = byRoute.get(route);
    return b == null ? 0 : b.state().ordinal();
  }

  /** Requests in flight to the route's upstream that the bulkhead admitted. */
  int inFlightNow(String route) {
    AtomicInteger n = inFlight.get(route);
    return n == null ? 0 : n.get();
  }
}
