package io.gatehouse.gateway;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Composes filters around an innermost handler in {@link Phase#ORDER}, checking that each filter keeps
 * the contract (calls {@code next} at most once, returns an outcome). The gateway builds its chain with
 * it; tests of a policy can too, without a socket.
 */
public final class FilterChain {
  private FilterChain() {}

  public static McpHandler build(Map<Phase, List<McpFilter>> filters, McpHandler innermost) {
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
