package io.gatehouse.bench;

import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ModernProtocol;
import java.net.URI;

/**
 * What a 2026-07-28 client sends: no {@code initialize} and no session, so every POST is a {@code
 * tools/call} that carries its protocol version, capabilities and client in {@code params._meta},
 * and the version, method and tool name in headers (transports, "Standard MCP request headers").
 * The load generator and the memory run build their requests here, so both send what Gatehouse's
 * header validation accepts.
 */
final class ModernClient {
  /** The tool every benchmark calls. */
  static final String TOOL = "echo";

  /** The header lines of a 2026-07-28 {@code tools/call} of {@link #TOOL}. */
  static final String CALL_HEADERS =
      ModernProtocol.HEADER_PROTOCOL_VERSION
          + ": "
          + ModernProtocol.VERSION
          + "\r\n"
          + ModernProtocol.HEADER_METHOD
          + ": "
          + McpMethods.TOOLS_CALL
          + "\r\n"
          + ModernProtocol.HEADER_NAME
          + ": "
          + TOOL
          + "\r\n";

  private ModernClient() {}

  /**
   * {@code count} {@code tools/call} bodies of client {@code client} that differ in id, with the
   * arguments padded to about {@code payloadBytes}; the client's name in {@code clientInfo} makes
   * each client distinct.
   */
  static byte[][] callBodies(int client, int payloadBytes, int count) {
    String meta =
        "\"_meta\":{\""
            + ModernProtocol.META_PROTOCOL_VERSION
            + "\":\""
            + ModernProtocol.VERSION
            + "\",\""
            + ModernProtocol.META_CLIENT_CAPABILITIES
            + "\":{},\""
            + ModernProtocol.META_CLIENT_INFO
            + "\":{\"name\":\"gatehouse-bench-"
            + client
            + "\",\"version\":\"1\"}},";
    return LoadGenerator.callBodies(count, meta, payloadBytes);
  }

  /** A keep-alive connection that sends {@link #CALL_HEADERS} with every request. */
  static HttpConnection connect(URI url, String extraHeader) {
    return new HttpConnection(url, extraHeader, CALL_HEADERS);
  }
}
