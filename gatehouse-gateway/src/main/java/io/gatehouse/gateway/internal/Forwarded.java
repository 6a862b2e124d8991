package io.gatehouse.gateway.internal;

import java.util.List;
import java.util.Map;

/**
 * The caller's headers that travel upstream. Only these do: the caller's credentials never reach
 * the upstream (authorization, 2025-11-25: token passthrough is forbidden), and hop-by-hop headers
 * stay here.
 *
 * @param protocolVersion the {@code MCP-Protocol-Version} to send, or null
 * @param extra other headers to pass on unchanged, such as {@code Mcp-Method}, {@code Mcp-Name},
 *     {@code Mcp-Param-*} and {@code traceparent}
 */
record Forwarded(String protocolVersion, List<Map.Entry<String, String>> extra) {
  static final Forwarded NONE = new Forwarded(null, List.of());

  Forwarded {
    extra = List.copyOf(extra);
  }
}
