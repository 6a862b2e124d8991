package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.AttributeKey;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.protocol.JsonRpcMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per exchange on the {@code gatehouse.access} logger, in logfmt: route, a hash
 * of the session id (never the id, which is a bearer of the session), method, tool, who called
 * ({@code principal}: the principal's id, never a credential; {@code -} when anonymous), the access
 * decision ({@code allowed}, or {@code denied:<KEY>} when a 401 or 403 refused it), HTTP status,
 * outcome (ok or the error key) and latency. Argument values never appear. The line is built once,
 * pre-sized; the logging configuration writes it off the I/O thread.
 */
final class AccessLog implements McpPolicy {
  /** The session id an {@code initialize} answer issued, so its line can name the session too. */
  static final AttributeKey<String> ISSUED_SESSION =
      AttributeKey.of("gatehouse.issued-session", String.class);

  private static final Logger log = LoggerFactory.getLogger("gatehouse.access");

  private final Sessions sessions;

  AccessLog(Sessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public void onComplete(McpExchange ex, McpOutcome outcome) {
    if (log.isInfoEnabled()) {
      log.info(line(ex, outcome));
    }
  }

  String line(McpExchange ex, McpOutcome outcome) {
    long micros = (System.nanoTime() - ex.startNanos()) / 1000;
    String issued = ex.attr(ISSUED_SESSION);
    String session =
        ex.sessionId() != null
            ? sessions.logHash(ex.sessionId())
            : issued != null ? Sessions.hash(issued) : "-";
    JsonRpcMessage m = ex.message();
    StringBuilder sb =
        new StringBuilder(160)
            .append("route=")
            .append(ex.route().name())
            .append(" session=")
            .append(session)
            .append(" method=")
            .append(method(ex, m));
    if (m != null && m.toolName() != null) {
      sb.append(" tool=").append(quoteIfNeeded(m.toolName()));
    }
    String principal = ex.principalId();
    sb.append(" principal=").append(principal.isEmpty() ? "-" : quoteIfNeeded(principal));
    sb.append(" decision=");
    if (outcome.error() != null
        && (outcome.error().httpStatus() == 401 || outcome.error().httpStatus() == 403)) {
      sb.append("denied:").append(outcome.error().key());
    } else {
      sb.append("allowed");
    }
    sb.append(" status=")
        .append(outcome.status())
        .append(" outcome=")
        .append(outcome.error() == null ? "ok" : outcome.error().key())
        .append(" latency_ms=")
        .append(micros / 1000)
        .append('.');
    long hundredths = (micros % 1000) / 10;
    return sb.append(hundredths < 10 ? "0" : "").append(hundredths).toString();
  }

  private static String method(McpExchange ex, JsonRpcMessage m) {
    return switch (ex.entry()) {
      case MESSAGE -> m.method() == null ? "(response)" : m.method();
      case STREAM -> "(stream)";
      case DELETE -> "(delete)";
      case SSE_CONNECT -> "(sse)";
    };
  }

  private static String quoteIfNeeded(String v) {
    boolean plain = true;
    for (int i = 0; i < v.length() && plain; i++) {
      char c = v.charAt(i);
      plain = c > 32 && c < 127 && c != '"' && c != '=';
    }
    if (plain) {
      return v;
    }
    StringBuilder q = new StringBuilder(v.length() + 8).append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        default -> {
          if (c < 32 || c == 127) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
