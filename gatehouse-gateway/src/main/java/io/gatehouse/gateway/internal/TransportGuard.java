package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.protocol.ProtocolVersions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.Locale;

/**
 * The checks every request to an MCP endpoint passes before its body is read: the {@code Host} and
 * {@code Origin} headers against DNS rebinding (transports, 2025-11-25: "Servers MUST validate the
 * Origin header … If the Origin header is present and invalid, servers MUST respond with HTTP 403
 * Forbidden"), and the {@code MCP-Protocol-Version} header (an unsupported one gets 400).
 */
final class TransportGuard {
  private final GatewaySettings settings;

  TransportGuard(GatewaySettings settings) {
    this.settings = settings;
  }

  void check(HttpHeaders headers) {
    String host = host(headers.get(HttpHeaderNames.HOST));
    if (!settings.allowedHosts().isEmpty()
        && (host == null || !settings.allowedHosts().contains(host))) {
      throw new GatewayException(
          GatewayErrors.FORBIDDEN_HOST,
          "the Host header " + (host == null ? "is missing" : "'" + host + "' is not allowed"));
    }
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (origin != null && !originAllowed(origin, headers.get(HttpHeaderNames.HOST))) {
      throw new GatewayException(
          GatewayErrors.FORBIDDEN_ORIGIN, "the Origin '" + origin + "' is not allowed");
    }
  }

  /**
   * The protocol version the caller announced, or null; 400 when it is not one the gateway speaks.
   */
  String protocolVersion(HttpHeaders headers) {
    String v = headers.get("MCP-Protocol-Version");
    if (v != null && !ProtocolVersions.isSupported(v.trim())) {
      throw new GatewayException(
          GatewayErrors.UNSUPPORTED_PROTOCOL_VERSION,
          "MCP-Protocol-Version '"
              + v
              + "' is not supported (supported: "
              + String.join(", ", ProtocolVersions.SUPPORTED)
              + ")");
    }
    return v == null ? null : v.trim();
  }

  /**
   * Whether the origin is allowed: listed, on an allowed host, or the same origin as the request.
   */
  boolean originAllowed(String origin, String hostHeader) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (settings.allowedOrigins().contains(o)) {
      return true;
    }
    URI uri;
    try {
      uri = URI.create(o);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      return false;
    }
    String originHost = host(uri.getRawAuthority());
    return settings.allowedHosts().contains(originHost)
        || (hostHeader != null
            && uri.getRawAuthority().equals(hostHeader.trim().toLowerCase(Locale.ROOT)));
  }

  /** The host part of a Host header or authority, lower-cased, IPv6 literals kept in brackets. */
  static String host(String authority) {
    if (authority == null || authority.isBlank()) {
      return null;
    }
    String a = authority.trim().toLowerCase(Locale.ROOT);
    int at = a.lastIndexOf('@');
    if (at >= 0) {
      a = a.substring(at + 1);
    }
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      return end < 0 ? a : a.substring(0, end + 1);
    }
    int colon = a.indexOf(':');
    return colon < 0 ? a : a.substring(0, colon);
  }
}
