package io.gatehouse.connect;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.net.Cidr;
import io.gatehouse.core.net.Egress;
import java.net.InetAddress;
import java.net.URI;

/**
 * The URLs a connection may name: https, or http to loopback (or anywhere with {@code
 * allowInsecure}); no credentials in them; not a refused address.
 */
public final class ConnectionUrls {
  private ConnectionUrls() {}

  /**
   * An http(s) URL Gatehouse may connect to, or {@code INVALID_CONNECTION} naming {@code field}.
   */
  static URI checked(String field, String text, Egress egress, boolean allowInsecure) {
    URI u;
    try {
      u = text == null ? null : URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      u = null;
    }
    if (u != null && u.getRawUserInfo() != null) {
      // before any message that repeats the URL: the user info may be a password
      throw invalid(field + ": credentials do not belong in the URL; put them in auth");
    }
    if (u == null
        || u.getHost() == null
        || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
      throw invalid(field + ": '" + text + "' (expected: an absolute http(s) URL)");
    }
    if ("http".equals(u.getScheme()) && !isLoopback(u.getHost()) && !allowInsecure) {
      throw invalid(
          field
              + ": '"
              + text
              + "' (expected: https; plain http only to this machine's loopback, or with"
              + " allowInsecure: true)");
    }
    egress.checkLiteral(field, u);
    return u;
  }

  /** Whether {@code url} is https, or http to this machine (never plain http elsewhere). */
  public static boolean secureOrLocal(URI url) {
    return url != null
        && ("https".equals(url.getScheme())
            || ("http".equals(url.getScheme())
                && url.getHost() != null
                && isLoopback(url.getHost())));
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress a = Cidr.address(h);
    return h.equalsIgnoreCase("localhost") || (a != null && a.isLoopbackAddress());
  }

  private static GatehouseException invalid(String message) {
    return new GatehouseException(ConnectErrors.INVALID_CONNECTION, message);
  }
}
