package io.gatehouse.observe.trace;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.Verdict;

/**
 * Put first among a route's traffic policies of one phase: the phase's span starts here and ends
 * where the next phase's does, or at the upstream request, or with the exchange.
 */
record PhaseMark(Phase phase) implements McpPolicy {
  @Override
  public Verdict onRequest(McpExchange ex) {
    mark(ex, "request");
    return Verdict.PROCEED;
  }

  @Override
  public Verdict onMessage(McpExchange ex) {
    mark(ex, "message");
    return Verdict.PROCEED;
  }

  private void mark(McpExchange ex, String hook) {
    ExchangeTrace t = ex.attr(ExchangeTrace.KEY);
    if (t != null) {
      t.phase(phase, hook);
    }
  }
}
