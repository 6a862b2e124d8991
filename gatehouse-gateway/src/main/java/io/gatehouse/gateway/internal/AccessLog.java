package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpFilter;
import io.gatehouse.gateway.McpHandler;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.protocol.JsonRpcMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per MCP message on the {@code gatehouse.access} logger, in logfmt:
 * route, a hash of the session id (never the id, which is a bearer of the session), method, tool,
 * HTTP status, outcome (ok or the error key) and latency. Argument values never appear.
 */
final class AccessLog implements McpFilter {
  private static final Logger log = LoggerFactory.getLogger("gatehouse.access");

  private final Sessions sessions;

  AccessLog(Sessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public McpOutcome filter(McpExchange ex, JsonRpcMessage m, McpHandler next) throws Exception {
    McpOutcome outcome = null;
    try {
      outcome = next.handle(ex, m);
      return outcome;
    } finally {
      if (log.isInfoEnabled()) {
        log.info(line(ex, m, outcome, sessions));
      }
    }
  }

  static String line(McpExchange ex, JsonRpcMessage m, McpOutcome outcome, Sessions sessions) {
    long micros = (System.nanoTime() - ex.startNanos()) / 1000;
    String session = ex.sessionId() != null ? sessions.logHash(ex.sessionId())
        : outcome instanceof McpOutcome.Reply r && r.headers().containsKey("Mcp-Session-Id")
            ? hash(r.headers().get("Mcp-Session-Id")) : "-";
    StringBuilder sb = new StringBuilder(160)
        .append("route=").append(ex.route().name())
        .append(" session=").append(session)
        .append(" method=").append(m.method() == null ? "(response)" : m.method());
    if (m.toolName() != null) {
      sb.append(" tool=").append(quoteIfNeeded(m.toolName()));
    }
    sb.append(" status=").append(outcome == null ? 500 : outcome.status())
        .append(" outcome=").append(outcome == null ? "INTERNAL_ERROR" : outcome.errorKey() == null ? "ok" : outcome.errorKey())
        .append(" latency_ms=").append(micros / 1000).append('.');
    long hundredths = (micros % 1000) / 10;
    return sb.append(hundredths < 10 ? "0" : "").append(hundredths).toString();
  }

  /** The first 12 hex digits of SHA-256: enough to correlate lines, useless to take over the session. */
  static String hash(String sessionId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quoteIfNeeded(String v) {
    boolean plain = true;
    for (int i = 0; i < v.length() && plain; i++) {
      char c = v.charAt(i);
      plain = c > 32 && c < 127 && c != '"' && c != '=';
    }
    return plain ? v : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
