package io.gatehouse.server;

import io.gatehouse.catalog.ToolLister;
import io.gatehouse.connect.McpClient;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The catalog's tool discovery, with Gatehouse's one MCP client. Discovery calls this process's own
 * gateway routes, so the egress rules meant for upstreams (which may refuse loopback) do not apply
 * to it; only the resolver is kept, so tests' name seams hold.
 */
final class CatalogToolLister implements ToolLister {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Egress self;

  CatalogToolLister(Egress egress) {
    this.self = Egress.defaults().withResolver(egress.resolver());
  }

  @Override
  public List<JsonNode> list(URI endpoint, Map<String, String> headers) throws Failure {
    McpClient.Options options = new McpClient.Options(TIMEOUT, headers, Map.of());
    try (McpClient client =
        McpClient.open(endpoint, UpstreamTransport.STREAMABLE_HTTP, self, options)) {
      return client.listTools();
    } catch (McpFailure f) {
      throw new Failure(f.facts().getOrDefault("key", f.error().key()), f.getMessage());
    }
  }
}
