package io.gatehouse.observe.audit;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.protocol.JsonRpcMessage;

/**
 * What the audit hook captures of an exchange on the caller's event loop: references and numbers
 * only, no parsing, no hashing, no formatting. {@link AuditRecords} turns it into a stored {@link
 * AuditRecord} on the writer's thread; the raw session id lives only here, in memory, until then.
 *
 * @param request the request body when the route records arguments, else null
 * @param response the answer's body when the route records results, else null
 */
record AuditEvent(
    long at,
    Principal principal,
    String route,
    String sessionId,
    McpExchange.Entry entry,
    JsonRpcMessage message,
    int status,
    io.gatehouse.core.ErrorKey error,
    int upstreamStatus,
    long latencyNanos,
    long upstreamNanos,
    int bytesIn,
    long bytesOut,
    byte[] request,
    byte[] response) {

  static AuditEvent of(
      long at, McpExchange ex, McpOutcome outcome, long nowNanos, byte[] request, byte[] response) {
    return new AuditEvent(
        at,
        ex.principal(),
        ex.route().name(),
        ex.sessionId() != null ? ex.sessionId() : ex.header("Mcp-Session-Id"),
        ex.entry(),
        ex.message(),
        outcome.status(),
        outcome.error(),
        outcome.upstreamStatus(),
        nowNanos - ex.startNanos(),
        outcome.upstreamNanos(),
        ex.body().length,
        outcome.bytesOut(),
        request,
        response);
  }
}
