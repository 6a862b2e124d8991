package io.gatehouse.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The wire names of MCP 2026-07-28, the stateless "modern" era: the per-request {@code _meta} keys,
 * the standard request headers and the header value encoding (basic/transports, "Standard MCP
 * request headers" and "Value encoding"). The version itself is {@link ProtocolVersions#MODERN},
 * its error codes are in {@link JsonRpcErrors} and its methods in {@link McpMethods}.
 */
public final class ModernProtocol {
  /** The revision that removed {@code initialize} and sessions. */
  public static final String VERSION = ProtocolVersions.MODERN;

  /** The modern revisions this code speaks, newest first. */
  public static final Set<String> VERSIONS = Set.of(VERSION);

  public static final String META_PROTOCOL_VERSION = ProtocolVersions.META_KEY;
  public static final String META_CLIENT_CAPABILITIES =
      "io.modelcontextprotocol/clientCapabilities";
  public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
  public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";

  public static final String HEADER_PROTOCOL_VERSION = "MCP-Protocol-Version";
  public static final String HEADER_METHOD = "Mcp-Method";
  public static final String HEADER_NAME = "Mcp-Name";

  /** Prefix of the headers that mirror tool arguments marked {@code x-mcp-header} (SEP-2243). */
  public static final String HEADER_PARAM_PREFIX = "Mcp-Param-";

  /** The {@code inputSchema} property keyword naming an argument's mirror header. */
  public static final String X_MCP_HEADER = "x-mcp-header";

  public static final String DISCOVER = McpMethods.SERVER_DISCOVER;

  /** {@code resultType} of a result that asks the client for input before it completes (MRTR). */
  public static final String INPUT_REQUIRED = "input_required";

  private ModernProtocol() {}

  /**
   * Whether a JSON-RPC error code is one only a server of the modern era sends: a client that gets
   * one to its modern request knows the server speaks the era (transports, "Protocol era
   * detection").
   */
  public static boolean isModernError(int code) {
    return code == JsonRpcErrors.HEADER_MISMATCH
        || code == JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY
        || code == JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION;
  }

  /**
   * A value as a header carries it: as it is when every character is visible ASCII or an inner
   * space, else {@code =?base64?...?=} over its UTF-8 bytes (leading or trailing whitespace,
   * control characters and non-ASCII text would be lost or refused on the way).
   */
  public static String headerValue(String value) {
    return headerSafe(value)
        ? value
        : "=?base64?"
            + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
            + "?=";
  }

  private static boolean headerSafe(String value) {
    if (!value.equals(value.strip())) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code name} may follow {@link #HEADER_PARAM_PREFIX}: a non-empty HTTP token (RFC 9110
   * §5.6.2), so no space, colon, control or non-ASCII character.
   */
  public static boolean isHeaderToken(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
