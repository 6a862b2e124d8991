package io.gatehouse.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a deployment's upstream speaks MCP, as the catalog records it. The catalog's own word for it:
 * the gateway's transport is chosen from it only where deployments become routes.
 */
public enum DeploymentTransport {
  /** Streamable HTTP (MCP 2025-03-26 and later). */
  STREAMABLE_HTTP("streamable-http"),
  /** The legacy HTTP+SSE transport (MCP 2024-11-05). */
  SSE("sse"),
  /** Detected by the gateway on first contact. */
  AUTO("auto"),
  /**
   * Run by Gatehouse from the version's npm package over stdio ({@link HostedPackage}), served over
   * Streamable HTTP by its hosting bridge.
   */
  STDIO("stdio"),
  /** A REST API served as MCP tools from an OpenAPI document ({@link HostedApi}). */
  OPENAPI("openapi");

  private final String configName;

  DeploymentTransport(String configName) {
    this.configName = configName;
  }

  /** The spelling in the admin API, exports and the store. */
  public String configName() {
    return configName;
  }

  /** Parses the stored spelling ({@code streamable-http}, {@code sse}, {@code auto}). */
  public static DeploymentTransport fromConfig(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (DeploymentTransport t : values()) {
      if (t.configName.equals(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "transport: "
            + value
            + " (expected: "
            + Arrays.stream(values())
                .map(DeploymentTransport::configName)
                .collect(Collectors.joining(", "))
            + ")");
  }
}
