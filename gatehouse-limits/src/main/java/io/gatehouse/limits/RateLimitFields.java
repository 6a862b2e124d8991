package io.gatehouse.limits;

import java.util.List;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of an answer, in the structured form of
 * the IETF httpapi draft (draft-ietf-httpapi-ratelimit-headers-09): a list of named items, the
 * policy with {@code q} (quota) and {@code w} (window, seconds), the state with {@code r}
 * (remaining) and {@code t} (seconds until it resets). For a token bucket {@code q} is the burst
 * and {@code w} the time an empty bucket takes to fill.
 */
final class RateLimitFields {
  private RateLimitFields() {}

  static String policy(List<Limit> limits, long nowMillis) {
    StringBuilder b = new StringBuilder();
    for (Limit l : limits) {
      long window =
          l.isQuota()
              ? (l.window().end(l.window().start(nowMillis)) - l.window().start(nowMillis)) / 1000
              : Decision.seconds((double) TokenBucket.interval(l) * l.burst());
      sep(b)
          .append('"')
          .append(l.name())
          .append("\";q=")
          .append(l.isQuota() ? l.amount() : l.burst());
      b.append(";w=").append(window);
    }
    return b.toString();
  }

  static String state(List<Limit> limits, List<Decision> decisions) {
    StringBuilder b = new StringBuilder(48 * decisions.size()); // one per call: sized, not grown
    for (int i = 0; i < decisions.size(); i++) {
      Decision d = decisions.get(i);
      sep(b).append('"').append(limits.get(i).name()).append("\";r=").append(d.remaining());
      b.append(";t=").append(d.allowed() ? d.resetSeconds() : d.retryAfterSeconds());
    }
    return b.toString();
  }

  private static StringBuilder sep(StringBuilder b) {
    return b.isEmpty() ? b : b.append(", ");
  }
}
