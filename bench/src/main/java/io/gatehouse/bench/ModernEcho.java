package io.gatehouse.bench;

import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ModernProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;

/**
 * What the echo upstream does differently as a 2026-07-28 server ({@code bench echo --modern}): it
 * answers {@code server/discover} (which the gateway's era probe sends), puts {@code resultType:
 * "complete"} on every result, and refuses a request whose version, method or tool-name headers do
 * not match its body as that revision's servers must (transports, "Standard MCP request headers"),
 * so a load that gets answers has sent what a 2026-07-28 server accepts. It keeps no state, like
 * the session-era echo.
 */
final class ModernEcho {
  private static final byte[] DISCOVER =
      ("{\"resultType\":\"complete\",\"supportedVersions\":[\""
              + ModernProtocol.VERSION
              + "\"],\"capabilities\":{\"tools\":{}},"
              + "\"serverInfo\":{\"name\":\"gatehouse-bench-echo\",\"version\":\"1\"}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] TOOLS =
      ("{\"resultType\":\"complete\",\"ttlMs\":0,\"cacheScope\":\"private\","
              + EchoServer.TOOLS.substring(1))
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] COMPLETE =
      "{\"resultType\":\"complete\",".getBytes(StandardCharsets.US_ASCII);

  private ModernEcho() {}

  /**
   * The JSON-RPC error object for a request this server refuses with 400, or null when its headers
   * agree with its body: an {@code MCP-Protocol-Version} other than 2026-07-28 is {@code -32022}; a
   * {@code _meta} version, {@code Mcp-Method} or (for {@code tools/call}) {@code Mcp-Name} that
   * differs from the body is {@code -32020}.
   */
  static String refusal(HttpFields headers, JsonRpcMessage m) {
    String version = headers.get(ModernProtocol.HEADER_PROTOCOL_VERSION);
    if (!ModernProtocol.VERSION.equals(version)) {
      return error(
          JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION,
          "Unsupported protocol version (this server speaks " + ModernProtocol.VERSION + ")",
          "{\"supported\":[\"" + ModernProtocol.VERSION + "\"]}");
    }
    if (!version.equals(m.metaProtocolVersion())) {
      return error(JsonRpcErrors.HEADER_MISMATCH, "MCP-Protocol-Version differs from _meta", null);
    }
    if (!Objects.equals(headers.get(ModernProtocol.HEADER_METHOD), m.method())) {
      return error(JsonRpcErrors.HEADER_MISMATCH, "Mcp-Method differs from method", null);
    }
    if (McpMethods.TOOLS_CALL.equals(m.method())
        && !Objects.equals(headers.get(ModernProtocol.HEADER_NAME), m.name())) {
      return error(JsonRpcErrors.HEADER_MISMATCH, "Mcp-Name differs from params.name", null);
    }
    return null;
  }

  /** The result of a request that passed {@link #refusal}, or null for a method it lacks. */
  static byte[] result(String method, byte[] body) {
    return switch (method) {
      case McpMethods.SERVER_DISCOVER -> DISCOVER;
      case McpMethods.TOOLS_LIST -> TOOLS;
      case McpMethods.TOOLS_CALL -> complete(EchoServer.callResult(body));
      default -> null;
    };
  }

  /** {@code result} (an object) with {@code resultType: "complete"} as its first member. */
  private static byte[] complete(byte[] result) {
    byte[] out = new byte[COMPLETE.length + result.length - 1];
    System.arraycopy(COMPLETE, 0, out, 0, COMPLETE.length);
    System.arraycopy(result, 1, out, COMPLETE.length, result.length - 1);
    return out;
  }

  private static String error(int code, String message, String data) {
    return "{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\""
        + (data == null ? "" : ",\"data\":" + data)
        + "}";
  }
}
