package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.McpFilter;
import io.gatehouse.gateway.McpHandler;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.Phase;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Composes filters around the relay, in {@link Phase#ORDER}, checking each keeps the filter contract. */
final class FilterChain {
  private FilterChain() {}

  static McpHandler build(Map<Phase, List<McpFilter>> filters, McpHandler innermost) {
    McpHandler handler = innermost;
    for (Phase phase : Phase.ORDER.reversed()) {
      for (McpFilter filter : filters.getOrDefault(phase, List.of()).reversed()) {
        handler = wrap(phase, filter, handler);
      }
    }
    return handler;
  }

  private static McpHandler wrap(Phase phase, McpFilter filter, McpHandler next) {
    return (ex, m) -> {
      boolean[] called = {false};
      McpHandler once = (e, msg) -> {
        if (called[0]) {
          throw new IllegalStateException("a " + phase + " filter called next twice");
        }
        called[0] = true;
        return next.handle(e, msg);
      };
      McpOutcome outcome = filter.filter(ex, m, once);
      return Objects.requireNonNull(outcome, () -> "a " + phase + " filter returned no outcome");
    };
  }
}
