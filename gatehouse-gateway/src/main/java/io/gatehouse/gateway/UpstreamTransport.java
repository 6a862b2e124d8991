package io.gatehouse.gateway;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the gateway talks to a route's upstream MCP server. */
public enum UpstreamTransport {
  /** Streamable HTTP (MCP 2025-03-26 and later). */
  STREAMABLE_HTTP("streamable-http"),
  /** The legacy HTTP+SSE transport (MCP 2024-11-05): a GET event stream plus a POST endpoint. */
  SSE("sse"),
  /**
   * Detect it: POST {@code initialize}; on 400, 404 or 405 fall back to a GET that must open an
   * event stream starting with an {@code endpoint} event (transports, 2025-11-25, "Backwards
   * Compatibility").
   */
  AUTO("auto");

  private final String configName;

  UpstreamTransport(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** Parses the configuration spelling ({@code streamable-http}, {@code sse}, {@code auto}). */
  public static UpstreamTransport fromConfig(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (UpstreamTransport t : values()) {
      if (t.configName.equals(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "transport: "
            + value
            + " (expected: "
            + Arrays.stream(values())
                .map(UpstreamTransport::configName)
                .collect(Collectors.joining(", "))
            + ")");
  }
}
