package io.gatehouse.limits;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.policy.IpFilter;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Counts each message of a route against the limits that apply to it (the route's, or a tool
 * entry's for calls of that tool), before it goes upstream. A call every counter admits proceeds
 * with {@code RateLimit-Policy} and {@code RateLimit} on its answer; the first counter that has no
 * room refuses it with {@code RATE_LIMITED} or {@code QUOTA_EXCEEDED} and {@code Retry-After}.
 * Counters in Redis answer asynchronously ({@link Verdict#async}); a quota window read from the
 * store on its first use is read off the event loop ({@link Verdict#blocking}).
 *
 * <p>A 2026-07-28 round that continues a call the gateway holds upstream ({@link
 * InputRetry#continuesHeldCall}) counts against rates, as any request does, but not against quotas:
 * it answers the upstream's question in a call its first round already counted, and a quota counts
 * calls.
 */
final class LimitsPolicy implements McpPolicy {
  private final String route;
  private final Scoped<LimitSet> limits;
  private final Supplier<Counters> counters;
  private final LimitClock clock;

  /**
   * The last {@code RateLimit-Policy} of rates only, which never changes for the same limits: most
   * calls of a route count the same ones, so the field is built once, not per call.
   */
  private volatile PolicyField lastPolicy;

  private record PolicyField(List<Limit> limits, String value) {
    boolean isFor(List<Limit> counted) {
      if (counted.size() != limits.size()) {
        return false;
      }
      for (int i = 0; i < counted.size(); i++) {
        if (counted.get(i) != limits.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The route's limits when each of them counts every method (the usual case), so a call does not
   * sort them again; null when some count only some methods, or there are none.
   */
  private final List<Limit> routeCountsAll;

  /**
   * @param counters the counters in use, asked once per message (they change once the store is
   *     open)
   */
  LimitsPolicy(
      String route, Scoped<LimitSet> limits, Supplier<Counters> counters, LimitClock clock) {
    this.route = route;
    this.limits = limits;
    this.counters = counters;
    this.clock = clock;
    Collection<Limit> all = limits.route().byName().values();
    this.routeCountsAll =
        !all.isEmpty() && all.stream().allMatch(l -> l.methods().isEmpty())
            ? List.copyOf(all)
            : null;
  }

  @Override
  public Verdict onMessage(McpExchange exchange) {
    JsonRpcMessage m = exchange.message();
    if (m == null || m.method() == null) {
      return Verdict.PROCEED;
    }
    String tool = m.toolName();
    List<Limit> counted = counted(limits.forTool(tool), m.method());
    if (counted != null && hasQuota(counted) && InputRetry.continuesHeldCall(exchange)) {
      // one call, one unit: its first round counted it (the list may be the route's shared one)
      counted = counted.stream().filter(l -> !l.isQuota()).toList();
    }
    if (counted == null || counted.isEmpty()) {
      return Verdict.PROCEED;
    }
    Counters c = counters.get();
    List<CounterKey> keys = new ArrayList<>(counted.size());
    boolean blocks = false;
    for (Limit l : counted) {
      CounterKey k = key(exchange, l, tool);
      keys.add(k);
      blocks |= c.blocks(k, l);
    }
    List<Limit> those = counted;
    if (c.async()) {
      return Verdict.async(decideAsync(c, exchange, those, keys));
    }
    return blocks
        ? Verdict.blocking(() -> decide(c, exchange, those, keys))
        : decide(c, exchange, those, keys);
  }

  /** Whether a quota is among {@code limits} (a loop: this runs on every call). */
  private static boolean hasQuota(List<Limit> limits) {
    for (Limit l : limits) {
      if (l.isQuota()) {
        return true;
      }
    }
    return false;
  }

  /** The limits of {@code set} that count {@code method}, or null when none does. */
  private List<Limit> counted(LimitSet set, String method) {
    if (set == limits.route() && routeCountsAll != null) {
      return routeCountsAll;
    }
    List<Limit> counted = null;
    for (Limit l : set.byName().values()) {
      if (l.counts(method)) {
        if (counted == null) {
          counted = new ArrayList<>(2);
        }
        counted.add(l);
      }
    }
    return counted;
  }

  /** {@link #decide} with counters that answer asynchronously: all limits in one request. */
  private CompletionStage<Verdict> decideAsync(
      Counters counters, McpExchange exchange, List<Limit> counted, List<CounterKey> keys) {
    return counters
        .takeAllAsync(keys, counted)
        .thenApply(decisions -> verdict(exchange, counted, decisions))
        .exceptionally(
            e -> {
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              if (cause instanceof LimitsUnavailable u) {
                return unavailable(u);
              }
              throw e instanceof CompletionException ce ? ce : new CompletionException(e);
            });
  }

  private Verdict decide(
      Counters counters, McpExchange exchange, List<Limit> counted, List<CounterKey> keys) {
    try {
      return verdict(exchange, counted, Counters.takeAll(counters, keys, counted));
    } catch (LimitsUnavailable e) {
      return unavailable(e);
    }
  }

  /** Admits the call if every limit did (the last decision is the refusal, if any). */
  private Verdict verdict(McpExchange exchange, List<Limit> counted, List<Decision> decisions) {
    Decision last = decisions.getLast();
    int n = decisions.size();
    return last.allowed()
        ? admit(exchange, counted, decisions)
        : refuse(counted.subList(0, n), decisions, counted.get(n - 1), last);
  }

  private Verdict admit(McpExchange exchange, List<Limit> counted, List<Decision> decisions) {
    exchange.responseHeader("RateLimit-Policy", policyField(counted));
    exchange.responseHeader("RateLimit", RateLimitFields.state(counted, decisions));
    return Verdict.PROCEED;
  }

  /** {@code counted}'s {@code RateLimit-Policy}; a quota's window changes it, a rate's nothing. */
  private String policyField(List<Limit> counted) {
    PolicyField last = lastPolicy;
    if (last != null && last.isFor(counted)) {
      return last.value();
    }
    String value = RateLimitFields.policy(counted, clock.epochMillis());
    if (counted.stream().noneMatch(Limit::isQuota)) {
      lastPolicy = new PolicyField(List.copyOf(counted), value);
    }
    return value;
  }

  private Verdict unavailable(LimitsUnavailable e) {
    return Verdict.refuse(
        LimitsErrors.LIMITS_UNAVAILABLE, "route '" + route + "': " + e.getMessage());
  }

  private Verdict refuse(List<Limit> counted, List<Decision> decisions, Limit l, Decision d) {
    ErrorKey key = l.isQuota() ? LimitsErrors.QUOTA_EXCEEDED : LimitsErrors.RATE_LIMITED;
    String message =
        (l.isQuota() ? "quota '" : "rate limit '")
            + l.name()
            + "' of route '"
            + route
            + "' is used up: try again in "
            + d.retryAfterSeconds()
            + "s";
    Map<String, String> headers =
        Map.of(
            "Retry-After", Long.toString(d.retryAfterSeconds()),
            "RateLimit-Policy", RateLimitFields.policy(counted, clock.epochMillis()),
            "RateLimit", RateLimitFields.state(counted, decisions));
    return new Verdict.Refuse(
        key,
        message,
        headers,
        false,
        Map.of("retryAfterSeconds", Long.toString(d.retryAfterSeconds())));
  }

  private CounterKey key(McpExchange exchange, Limit l, String tool) {
    String consumer = "";
    String project = "";
    String ip = "";
    boolean byTool = false;
    for (Limit.Per p : l.per()) {
      switch (p) {
        case CONSUMER -> {
          Principal who = exchange.principal();
          consumer = who == null ? "ip:" + address(exchange) : exchange.principalId();
        }
        case PROJECT -> {
          Principal who = exchange.principal();
          project = who == null ? "" : who.project();
        }
        case IP -> ip = address(exchange);
        case TOOL -> byTool = true;
      }
    }
    if (!byTool && tool != null && limits.toolSpecific()) {
      // A limit a tool entry set (or changed) counts per tool: delete-* at 5/minute is 5 for each.
      byTool = !l.equals(limits.route().byName().get(l.name()));
    }
    return new CounterKey(
        route, l.name(), consumer, project, ip, byTool && tool != null ? tool : "");
  }

  private static String address(McpExchange exchange) {
    InetAddress a = IpFilter.caller(exchange);
    return a == null ? "" : a.getHostAddress();
  }
}
