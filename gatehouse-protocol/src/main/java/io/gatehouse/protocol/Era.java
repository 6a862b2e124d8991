package io.gatehouse.protocol;

/**
 * The two protocol eras MCP has: the session era (2025-11-25 and before: {@code initialize}, {@code
 * Mcp-Session-Id}, a GET stream) and the stateless one (2026-07-28: every request carries its own
 * version and capabilities in {@code _meta}, {@code server/discover}, POST only).
 */
public enum Era {
  LEGACY,
  MODERN;

  /** The era a protocol version belongs to; null and unknown versions count as legacy. */
  public static Era of(String version) {
    return ProtocolVersions.isModern(version) ? MODERN : LEGACY;
  }
}
