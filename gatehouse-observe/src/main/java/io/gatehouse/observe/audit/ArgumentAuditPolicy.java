package io.gatehouse.observe.audit;

import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.protocol.JsonRpcMessage;

/**
 * Records every exchange of a route whose policy sets opt into {@code audit.arguments} (for the
 * route or some tools), with the argument values and the result of the calls that opted in. Keeps
 * the answer's bytes by reference as it passes; parsing and redaction happen on the writer's
 * thread.
 */
record ArgumentAuditPolicy(AuditLog log, Scoped<AuditSection.Settings> settings)
    implements McpPolicy {
  private static final AttributeKey<byte[]> ANSWER = AttributeKey.of("audit.answer", byte[].class);

  @Override
  public boolean readsResponses(McpExchange exchange) {
    return recordsArguments(exchange);
  }

  @Override
  public byte[] onResponse(McpExchange exchange, JsonRpcMessage message, byte[] body) {
    if (message != null && message.isResponse()) {
      exchange.attr(ANSWER, body);
    }
    return body;
  }

  @Override
  public void onComplete(McpExchange exchange, McpOutcome outcome) {
    boolean values = recordsArguments(exchange);
    log.offer(
        AuditEvent.of(
            log.clock().millis(),
            exchange,
            outcome,
            System.nanoTime(),
            values ? exchange.body() : null,
            values ? exchange.attr(ANSWER) : null));
  }

  private boolean recordsArguments(McpExchange exchange) {
    JsonRpcMessage m = exchange.message();
    return m != null && m.isRequest() && settings.forTool(m.toolName()).arguments();
  }
}
