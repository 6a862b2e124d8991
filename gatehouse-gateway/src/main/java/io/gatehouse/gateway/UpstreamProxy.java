package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.Secret;
import java.net.URI;

/**
 * An HTTP proxy every connection to one upstream goes through: Gatehouse asks it to {@code CONNECT}
 * to the upstream's host and port, for http and https alike. The credential is a {@link Secret}, so
 * it never prints.
 *
 * @param host the proxy's host name or literal address
 * @param port the proxy's port
 * @param credential {@code user:password} sent as {@code Proxy-Authorization: Basic}, or null
 */
public record UpstreamProxy(String host, int port, Secret credential) {
  public UpstreamProxy {
    requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy port: " + port + " (expected: 1 to 65535)");
    }
  }

  /** The proxy at {@code url} ({@code http://HOST:PORT}). */
  public static UpstreamProxy of(URI url, Secret credential) {
    requireNonNull(url, "url");
    String host = url.getHost();
    if (host == null || url.getPort() < 0) {
      throw new IllegalArgumentException("proxy: " + url + " (expected: http://HOST:PORT)");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new UpstreamProxy(host, url.getPort(), credential);
  }

  /** The user name of the credential: what comes before its first {@code :}. */
  public String user() {
    String c = credential.reveal();
    int colon = c.indexOf(':');
    return colon < 0 ? c : c.substring(0, colon);
  }

  /** The password of the credential: what comes after its first {@code :}. */
  public String password() {
    String c = credential.reveal();
    int colon = c.indexOf(':');
    return colon < 0 ? "" : c.substring(colon + 1);
  }

  @Override
  public String toString() {
    return "UpstreamProxy[" + host + ":" + port + ", credential=" + (credential != null) + "]";
  }
}
