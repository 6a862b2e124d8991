package io.gatehouse.catalog;

import java.net.URI;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Lists the tools an MCP endpoint serves, for tool discovery: the catalog knows what to discover
 * and keeps the snapshots; the process serving it supplies the MCP client.
 */
@FunctionalInterface
public interface ToolLister {
  /**
   * Runs the handshake with {@code endpoint}, sending {@code headers} on every request, and returns
   * every tool {@code tools/list} gives (page by page), each the wire's JSON object.
   */
  List<JsonNode> list(URI endpoint, Map<String, String> headers) throws Failure;

  /** What stopped the listing, keyed (such as {@code UPSTREAM_UNAVAILABLE}). */
  final class Failure extends Exception {
    private final String key;

    public Failure(String key, String message) {
      super(message, null, false, false);
      this.key = key;
    }

    public String key() {
      return key;
    }
  }
}
