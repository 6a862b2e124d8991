package io.gatehouse.protocol;

import java.util.List;

/** The MCP revisions Gatehouse speaks on the wire, newest first. */
public final class ProtocolVersions {
  public static final String LATEST = "2025-11-25";

  /**
   * The stateless revision (2026-07-28): no {@code initialize}, no session, the version on every
   * request in {@code _meta} and the {@code MCP-Protocol-Version} header.
   */
  public static final String MODERN = "2026-07-28";

  /** The {@code _meta} member that names a 2026-07-28 request's protocol version. */
  public static final String META_KEY = "io.modelcontextprotocol/protocolVersion";

  /** Streamable HTTP revisions and the legacy HTTP+SSE one. */
  public static final List<String> SUPPORTED =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  /** Every revision of either era, newest first. */
  public static final List<String> ALL =
      List.of(MODERN, "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  /**
   * What to assume when a client sends no {@code MCP-Protocol-Version} header (transports,
   * 2025-06-18: "the server SHOULD assume protocol version 2025-03-26").
   */
  public static final String ASSUMED_WHEN_ABSENT = "2025-03-26";

  private ProtocolVersions() {}

  /** Whether {@code version} is a session-era (2025-11-25 and before) revision Gatehouse speaks. */
  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }

  /** Whether {@code version} is a stateless-era revision Gatehouse speaks. */
  public static boolean isModern(String version) {
    return MODERN.equals(version);
  }

  /** Whether {@code version} is any revision Gatehouse speaks, of either era. */
  public static boolean isKnown(String version) {
    return ALL.contains(version);
  }
}
