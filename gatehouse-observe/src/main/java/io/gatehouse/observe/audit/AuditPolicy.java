package io.gatehouse.observe.audit;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;

/**
 * Records every exchange of a route once it has ended, refused ones too: captures a few references
 * and numbers and offers them to the {@link AuditLog}, which never blocks. Reads no bodies.
 */
record AuditPolicy(AuditLog log) implements McpPolicy {
  @Override
  public void onComplete(McpExchange exchange, McpOutcome outcome) {
    log.offer(
        AuditEvent.of(log.clock().millis(), exchange, outcome, System.nanoTime(), null, null));
  }
}
