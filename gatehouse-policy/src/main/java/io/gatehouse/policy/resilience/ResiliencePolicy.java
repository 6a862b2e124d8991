package io.gatehouse.policy.resilience;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.Verdict;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guards one route's upstream, last before the relay: a message is refused at once with {@code
 * UPSTREAM_CIRCUIT_OPEN} while the upstream's circuit is open, and a request with {@code
 * UPSTREAM_BUSY} when {@code concurrency} requests are already in flight to it. Every admitted
 * request is released in {@link #onComplete}, which the gateway runs once for every exchange; the
 * circuit counts the exchanges that reached the upstream ({@link #onUpstreamRequest} marks them) by
 * how they ended. Streams, deletes and notifications answer to the circuit (a stream is never a
 * half-open probe) but take no place in the bulkhead: only requests wait for an answer, and a
 * cancellation must always reach the upstream.
 */
final class ResiliencePolicy implements McpPolicy {
  private static final AttributeKey<CircuitBreaker.Ticket> TICKET =
      AttributeKey.of("resilience.ticket", CircuitBreaker.Ticket.class);
  private static final AttributeKey<AtomicInteger> HELD =
      AttributeKey.of("resilience.held", AtomicInteger.class);
  private static final AttributeKey<Boolean> SENT =
      AttributeKey.of("resilience.sent", Boolean.class);

  /** The keys of an upstream's failure: unreachable, too slow, broken, or answering 5xx. */
  private static final Set<ErrorKey> FAILURES =
      Set.of(
          GatewayErrors.UPSTREAM_UNAVAILABLE,
          GatewayErrors.UPSTREAM_TIMEOUT,
          GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          GatewayErrors.UPSTREAM_ERROR);

  private final String route;
  private final URI upstream;
  private final ResilienceSettings settings;
  private final UpstreamGuards guards;
  // Found on first use, not when the sets are read: a set checked and refused keeps nothing.
  private volatile CircuitBreaker breaker;
  private volatile AtomicInteger inFlight;

  ResiliencePolicy(String route, URI upstream, ResilienceSettings settings, UpstreamGuards guards) {
    this.route = route;
    this.upstream = upstream;
    this.settings = settings;
    this.guards = guards;
  }

  private CircuitBreaker breaker() {
    CircuitBreaker b = breaker;
    if (b == null) {
      b = guards.breaker(route, upstream);
      breaker = b;
    }
    return b;
  }

  private AtomicInteger inFlight() {
    AtomicInteger n = inFlight;
    if (n == null) {
      n = guards.inFlight(route);
      inFlight = n;
    }
    return n;
  }

  @Override
  public Verdict onRequest(McpExchange exchange) {
    return exchange.entry() == McpExchange.Entry.MESSAGE
        ? Verdict.PROCEED
        : admitCircuit(exchange, false);
  }

  @Override
  public Verdict onMessage(McpExchange exchange) {
    Verdict v = admitCircuit(exchange, true);
    if (v != Verdict.PROCEED || settings.concurrency() == 0 || !exchange.message().isRequest()) {
      return v;
    }
    AtomicInteger n = inFlight();
    for (int cur = n.get(); ; cur = n.get()) {
      if (cur >= settings.concurrency()) {
        releaseProbe(exchange);
        return refusal(
            ResilienceErrors.UPSTREAM_BUSY,
            "route '"
                + route
                + "': "
                + settings.concurrency()
                + " requests already in flight to its upstream",
            1);
      }
      if (n.compareAndSet(cur, cur + 1)) {
        exchange.attr(HELD, n);
        return Verdict.PROCEED;
      }
    }
  }

  private Verdict admitCircuit(McpExchange exchange, boolean mayProbe) {
    if (settings.circuit() == null) {
      return Verdict.PROCEED;
    }
    CircuitBreaker.Ticket t = breaker().admit(settings.circuit(), mayProbe);
    if (t.refused()) {
      return refusal(
          ResilienceErrors.UPSTREAM_CIRCUIT_OPEN,
          "route '"
              + route
              + "': its upstream failed repeatedly; calls resume in "
              + t.retryAfter()
              + "s",
          t.retryAfter());
    }
    exchange.attr(TICKET, t);
    return Verdict.PROCEED;
  }

  /** A probe refused by the bulkhead says nothing of the upstream: its place goes to another. */
  private void releaseProbe(McpExchange exchange) {
    CircuitBreaker.Ticket t = exchange.attr(TICKET);
    if (t != null) {
      exchange.attr(TICKET, null);
      breaker().record(t, CircuitBreaker.Result.NEUTRAL, settings.circuit());
    }
  }

  private static Verdict refusal(ErrorKey key, String message, long seconds) {
    String s = Long.toString(seconds);
    return new Verdict.Refuse(
        key, message, Map.of("Retry-After", s), true, Map.of("retryAfterSeconds", s));
  }

  @Override
  public void onUpstreamRequest(McpExchange exchange, UpstreamCall call) {
    if (settings.circuit() != null && exchange.attr(SENT) == null) {
      exchange.attr(SENT, Boolean.TRUE);
    }
  }

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return false;
  }

  @Override
  public void onComplete(McpExchange exchange, McpOutcome outcome) {
    AtomicInteger held = exchange.attr(HELD);
    if (held != null) {
      exchange.attr(HELD, null);
      held.decrementAndGet();
    }
    CircuitBreaker.Ticket t = exchange.attr(TICKET);
    if (t != null) {
      exchange.attr(TICKET, null);
      CircuitBreaker.Result r =
          exchange.attr(SENT) == null ? CircuitBreaker.Result.NEUTRAL : result(outcome);
      breaker().record(t, r, settings.circuit());
    }
  }

  /**
   * A failure is the upstream's: unreachable, timed out, not speaking MCP, or an HTTP error status
   * that is not 4xx (the caller's mistake). A JSON-RPC error answer is a working upstream.
   */
  static CircuitBreaker.Result result(McpOutcome outcome) {
    if (outcome.error() == null) {
      return CircuitBreaker.Result.SUCCESS;
    }
    if (!FAILURES.contains(outcome.error())) {
      return CircuitBreaker.Result.NEUTRAL;
    }
    int up = outcome.upstreamStatus();
    return up >= 400 && up < 500 ? CircuitBreaker.Result.NEUTRAL : CircuitBreaker.Result.FAILURE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResiliencePolicy p
        && route.equals(p.route)
        && upstream.equals(p.upstream)
        && settings.equals(p.settings)
        && guards == p.guards;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(route, upstream, settings);
  }
}
