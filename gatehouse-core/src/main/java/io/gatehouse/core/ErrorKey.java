package io.gatehouse.core;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A stable error key: what operators search logs and docs for, and what clients branch on. It
 * carries the HTTP status it answers with where it ends an exchange, the JSON-RPC code it has
 * inside an MCP answer, and a hint that says what to do. Each module declares its keys as constants
 * ({@link Errors} holds the ones every surface shares); a key name means the same status and code
 * wherever it appears.
 *
 * @param key upper snake case, such as {@code SESSION_NOT_FOUND}
 * @param httpStatus the HTTP status of a refusal at the transport or a REST answer
 * @param rpcCode the JSON-RPC error code inside an MCP error response
 * @param hint what the caller can do about it, in one sentence
 */
public record ErrorKey(String key, int httpStatus, int rpcCode, String hint) {
  private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

  public ErrorKey {
    requireNonNull(key, "key");
    requireNonNull(hint, "hint");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "error key: '" + key + "' (expected: " + KEY.pattern() + ")");
    }
    if (httpStatus < 100 || httpStatus > 599) {
      throw new IllegalArgumentException(
          "httpStatus of " + key + ": " + httpStatus + " (expected: 100-599)");
    }
  }

  public static ErrorKey of(String key, int httpStatus, int rpcCode, String hint) {
    return new ErrorKey(key, httpStatus, rpcCode, hint);
  }

  /** Whether the failure is an upstream's, as opposed to the caller's or Gatehouse's own. */
  public boolean isUpstream() {
    return key.startsWith("UPSTREAM_");
  }

  @Override
  public String toString() {
    return key;
  }
}
