package io.gatehouse.protocol;

import java.util.List;

/** The MCP revisions Gatehouse speaks on the wire, newest first. */
public final class ProtocolVersions {
  public static final String LATEST = "2025-11-25";

  /** Streamable HTTP revisions and the legacy HTTP+SSE one. */
  public static final List<String> SUPPORTED =
      List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

  /**
   * What to assume when a client sends no {@code MCP-Protocol-Version} header (transports,
   * 2025-06-18: "the server SHOULD assume protocol version 2025-03-26").
   */
  public static final String ASSUMED_WHEN_ABSENT = "2025-03-26";

  private ProtocolVersions() {}

  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }
}
