package io.gatehouse.connect;

import io.gatehouse.protocol.ModernProtocol;
import java.util.Locale;

/**
 * Which MCP era an {@link McpClient} speaks over Streamable HTTP: {@code auto} asks in the modern
 * era first (2026-07-28, {@code server/discover}) and falls back to the legacy handshake ({@code
 * initialize}, 2025-11-25) when the server does not speak it; the others force one.
 */
public enum ProtocolEra {
  AUTO("auto"),
  MODERN(ModernProtocol.VERSION),
  LEGACY("2025-11-25");

  private final String configName;

  ProtocolEra(String configName) {
    this.configName = configName;
  }

  /** How configuration names it: {@code auto}, {@code 2026-07-28} or {@code 2025-11-25}. */
  public String configName() {
    return configName;
  }

  /** The era a configuration value names, or null when it names none. */
  public static ProtocolEra parse(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (ProtocolEra e : values()) {
      if (e.configName.equals(v)) {
        return e;
      }
    }
    return null;
  }
}
