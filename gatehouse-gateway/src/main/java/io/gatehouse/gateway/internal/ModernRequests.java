package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.Era;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ModernProtocol;
import io.gatehouse.protocol.ProtocolVersions;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Tells the two eras apart per POST, and checks a 2026-07-28 request's {@code Mcp-*} headers
 * against its body (transports, 2026-07-28: "Required headers on every POST"; a mismatch or a
 * missing header is 400 with {@code -32020}).
 *
 * <p>A POST is modern when it carries no {@code Mcp-Session-Id} and names 2026-07-28 in its {@code
 * MCP-Protocol-Version} header or its {@code _meta} (even an {@code initialize}, which that
 * revision removed: the upstream answers it {@code -32601}). Everything else is the session era and
 * takes the path it always took.
 */
final class ModernRequests {
  private static final String BASE64_PREFIX = "=?base64?";
  private static final String BASE64_SUFFIX = "?=";

  private ModernRequests() {}

  /**
   * The era of a POST of {@code m}.
   *
   * @param supported the versions to name in a {@code -32022} answer
   * @throws GatewayException {@code HEADER_MISMATCH} when header and {@code _meta} name different
   *     versions of which one is 2026-07-28, {@code PROTOCOL_VERSION_UNKNOWN} when a request with a
   *     per-request version names one Gatehouse does not know
   */
  static Era classify(HttpHeaders h, JsonRpcMessage m, List<String> supported) {
    if (h.contains("Mcp-Session-Id") || m.isResponse()) {
      return Era.LEGACY;
    }
    String header = trimmed(h.get(ModernProtocol.HEADER_PROTOCOL_VERSION));
    String meta = m.metaProtocolVersion();
    if (header != null && !ProtocolVersions.isKnown(header) && meta != null) {
      throw unknownVersion(m, header, supported);
    }
    boolean modern = ProtocolVersions.isModern(header) || ProtocolVersions.isModern(meta);
    if (!modern) {
      return Era.LEGACY;
    }
    if (header == null) {
      throw mismatch(m, "MCP-Protocol-Version is missing; _meta names " + meta);
    }
    if (meta != null && !meta.equals(header)) {
      throw mismatch(m, "MCP-Protocol-Version is " + header + " but _meta names " + meta);
    }
    return Era.MODERN;
  }

  /**
   * Checks {@code Mcp-Method} and {@code Mcp-Name} against the body; values are compared after
   * trimming the whitespace around them (RFC 9110 §5.5), names of headers case-insensitively,
   * method and name values exactly.
   */
  static void checkHeaders(HttpHeaders h, JsonRpcMessage m) {
    String method = trimmed(h.get(ModernProtocol.HEADER_METHOD));
    if (method == null) {
      throw mismatch(m, "the Mcp-Method header is missing (expected: " + m.method() + ")");
    }
    if (!method.equals(m.method())) {
      throw mismatch(
          m, "Mcp-Method is '" + method + "' but the body's method is '" + m.method() + "'");
    }
    String raw = trimmed(h.get(ModernProtocol.HEADER_NAME));
    String name = raw == null ? null : decode(raw);
    if (raw != null && name == null) {
      throw mismatch(m, "Mcp-Name is not valid =?base64?…?= text");
    }
    if (name == null) {
      if (m.name() != null && namesTarget(m.method())) {
        throw mismatch(m, "the Mcp-Name header is missing (expected: " + m.name() + ")");
      }
      return;
    }
    if (!name.equals(m.name())) {
      throw mismatch(
          m,
          "Mcp-Name is '"
              + name
              + "' but the body names '"
              + (m.name() == null ? "" : m.name())
              + "'");
    }
  }

  /** The methods whose {@code Mcp-Name} is required: they name the tool, prompt or resource. */
  static boolean namesTarget(String method) {
    return McpMethods.TOOLS_CALL.equals(method)
        || "prompts/get".equals(method)
        || "resources/read".equals(method);
  }

  /**
   * A header value as text: {@code =?base64?…?=} decoded (UTF-8), anything else as it is; null when
   * the Base64 form is malformed (bad characters or padding).
   */
  static String decode(String value) {
    if (!value.startsWith(BASE64_PREFIX) || !value.endsWith(BASE64_SUFFIX)) {
      return value;
    }
    String b64 = value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length());
    if (b64.length() % 4 != 0) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static GatewayException mismatch(JsonRpcMessage m, String message) {
    return new GatewayException(GatewayErrors.HEADER_MISMATCH, message, m.id());
  }

  private static GatewayException unknownVersion(
      JsonRpcMessage m, String requested, List<String> supported) {
    return new UnknownVersion(requested, supported, m);
  }

  private static String trimmed(String v) {
    if (v == null) {
      return null;
    }
    String t = v.strip();
    return t.isEmpty() ? null : t;
  }

  /** A request for a version Gatehouse does not know: -32022 with what it supports. */
  static final class UnknownVersion extends GatewayException {
    final String requested;
    final List<String> supported;

    UnknownVersion(String requested, List<String> supported, JsonRpcMessage m) {
      super(
          GatewayErrors.PROTOCOL_VERSION_UNKNOWN,
          "protocol version '"
              + requested
              + "' is not supported (supported: "
              + String.join(", ", supported)
              + ")",
          m.id());
      this.requested = requested;
      this.supported = List.copyOf(supported);
    }
  }
}
