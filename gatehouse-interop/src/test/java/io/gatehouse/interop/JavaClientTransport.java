package io.gatehouse.interop;

import io.gatehouse.testkit.FixtureJson;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;

/** The two HTTP transports of the MCP Java SDK client, each pointed at a gateway route. */
enum JavaClientTransport {
  /** {@code HttpClientStreamableHttpTransport} on {@code /mcp/<route>}. */
  STREAMABLE_HTTP("java-sdk") {
    @Override
    McpClientTransport create(String origin, String route, WireTap tap) {
      return HttpClientStreamableHttpTransport.builder(origin)
          .endpoint("/mcp/" + route)
          .jsonMapper(FixtureJson.MAPPER)
          .addHttpRequestCustomizer(tap)
          .build();
    }
  },
  /** The legacy {@code HttpClientSseClientTransport} on {@code /mcp/<route>/sse}. */
  LEGACY_SSE("java-sdk-legacy-sse") {
    @Override
    @SuppressWarnings(
        "deprecation") // the transport is deprecated, and still what legacy clients run
    McpClientTransport create(String origin, String route, WireTap tap) {
      return HttpClientSseClientTransport.builder(origin)
          .sseEndpoint("/mcp/" + route + "/sse")
          .jsonMapper(FixtureJson.MAPPER)
          .addHttpRequestCustomizer(tap)
          .build();
    }
  };

  private final String label;

  JavaClientTransport(String label) {
    this.label = label;
  }

  /**
   * The client's name in result lines, e.g. {@code java-sdk} in {@code interop java-sdk/sse: ...}.
   */
  String label() {
    return label;
  }

  /**
   * A transport to the gateway (or a balancer in front of replicas) at {@code origin} whose JSON
   * mapper reads {@code elicitation/create} despite SDK 2.1.0's Jackson 3.2 clash (see {@link
   * FixtureJson}) and whose every request {@code tap} records.
   */
  abstract McpClientTransport create(String origin, String route, WireTap tap);

  /** {@code url} without a trailing slash, as the transports' builders take it. */
  static String origin(java.net.URI url) {
    String base = url.toString();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
