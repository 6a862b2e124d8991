package io.gatehouse.interop;

import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every HTTP request the MCP Java SDK client sends (method, URL, session and version
 * headers, body), so a test can act as that client on the wire: send {@code
 * notifications/cancelled}, which the SDK has no API for, or reuse a session id after the session
 * ended.
 */
final class WireTap implements McpSyncHttpClientRequestCustomizer {

  /** One request as the SDK sent it; {@code body} is null for GET and DELETE. */
  record Sent(String method, URI uri, String sessionId, String protocolVersion, String body) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public void customize(
      HttpRequest.Builder builder,
      String method,
      URI uri,
      String body,
      McpTransportContext context) {
    HttpHeaders headers = builder.copy().build().headers();
    sent.add(
        new Sent(
            method,
            uri,
            headers.firstValue("Mcp-Session-Id").orElse(null),
            headers.firstValue("MCP-Protocol-Version").orElse(null),
            body));
  }

  /** The newest request that matches. */
  Optional<Sent> last(Predicate<Sent> filter) {
    List<Sent> all = List.copyOf(sent);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (filter.test(all.get(i))) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * The newest POST, which carries the session id (Streamable HTTP) or the message endpoint (legacy
   * SSE).
   */
  Sent lastPost() {
    return last(s -> s.method().equals("POST"))
        .orElseThrow(() -> new AssertionError("the client sent no POST"));
  }
}
