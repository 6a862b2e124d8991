package io.gatehouse.gateway.internal.upstream;

import io.gatehouse.gateway.UpstreamProxy;
import io.gatehouse.gateway.UpstreamTls;
import java.net.URI;
import java.util.Locale;

/**
 * Where pooled connections go: scheme, host, port, the TLS options and the proxy (two routes to one
 * origin with different client certificates, or through different proxies, never share a
 * connection).
 */
record Origin(boolean tls, String host, int port, UpstreamTls options, UpstreamProxy proxy) {
  static Origin of(URI url, UpstreamTls options, UpstreamProxy proxy) {
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Origin(tls, host.toLowerCase(Locale.ROOT), port, tls ? options : null, proxy);
  }

  /** The {@code Host} header value. */
  String authority() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return (tls && port == 443) || (!tls && port == 80) ? h : h + ":" + port;
  }
}
