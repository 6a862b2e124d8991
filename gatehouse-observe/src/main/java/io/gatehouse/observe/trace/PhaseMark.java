package io.gatehouse.observe.trace;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.Verdict;
import java.util.List;

/**
 * Put first among a route's traffic policies of one phase: the phase's span starts here and ends
 * where the next phase's does, or at the upstream request, or with the exchange. There is one mark
 * for each hook (HTTP request, message) some policy of the phase overrides, so a phase whose
 * policies look only at messages gets no span for the HTTP request, and the pipeline never calls a
 * mark it does not need.
 */
final class PhaseMark {
  private PhaseMark() {}

  /** The marks {@code phase} needs for {@code policies}, in the order they go first. */
  static List<McpPolicy> of(Phase phase, List<McpPolicy> policies) {
    boolean request = overrides(policies, "onRequest");
    boolean message = overrides(policies, "onMessage");
    if (request && message) {
      return List.of(new OnRequest(phase), new OnMessage(phase));
    }
    return request
        ? List.of(new OnRequest(phase))
        : message ? List.of(new OnMessage(phase)) : List.of();
  }

  private static boolean overrides(List<McpPolicy> policies, String hook) {
    for (McpPolicy p : policies) {
      try {
        if (p.getClass().getMethod(hook, McpExchange.class).getDeclaringClass()
            != McpPolicy.class) {
          return true;
        }
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }
    return false;
  }

  private static void mark(McpExchange ex, Phase phase, String hook) {
    ExchangeTrace t = ex.attr(ExchangeTrace.KEY);
    if (t != null) {
      t.phase(phase, hook);
    }
  }

  /** Marks the phase in the HTTP-level hooks. */
  record OnRequest(Phase phase) implements McpPolicy {
    @Override
    public Verdict onRequest(McpExchange ex) {
      mark(ex, phase, "request");
      return Verdict.PROCEED;
    }
  }

  /** Marks the phase in the message hooks. */
  record OnMessage(Phase phase) implements McpPolicy {
    @Override
    public Verdict onMessage(McpExchange ex) {
      mark(ex, phase, "message");
      return Verdict.PROCEED;
    }
  }
}
