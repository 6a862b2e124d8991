package io.gatehouse.connect;

import io.gatehouse.gateway.UpstreamProxy;
import java.net.ConnectException;
import java.net.URI;

/**
 * What the JDK client's failures mean when a connection goes through a proxy: the proxy refused the
 * connection, the tunnel ({@code CONNECT}) or the credential. Never quotes the credential.
 */
final class ProxyFailures {
  private ProxyFailures() {}

  /** A failure the proxy caused, or null when {@code e} says nothing about it. */
  static McpFailure of(UpstreamProxy proxy, URI url, Exception e) {
    if (proxy == null) {
      return null;
    }
    if (e instanceof ConnectException) {
      return failed(proxy, url, "it refused the connection");
    }
    // The JDK's own words for a CONNECT answered with neither 200 nor 407, and for credentials
    // refused again and again (only the proxy is ever given credentials: ProxyCredential)
    String said = String.valueOf(e.getMessage());
    if (said.startsWith("Tunnel failed")) {
      return failed(proxy, url, "it refused the tunnel (" + said + ")");
    }
    if (proxy.credential() != null && said.startsWith("Too many retries")) {
      return failed(proxy, url, "it refused proxyAuth");
    }
    if (proxy.credential() != null && said.startsWith("No credentials provided")) {
      // a 401 with a Basic challenge, which the JDK hands to the Authenticator: some proxies
      // (tinyproxy) answer a wrong Proxy-Authorization so; an upstream may ask so itself
      return new McpFailure(
          Diagnosis.UNAUTHORIZED,
          "401 with a Basic challenge, from the proxy (some answer a wrong proxyAuth so) or from"
              + " the upstream; proxyAuth is only ever sent to the proxy");
    }
    return null;
  }

  /** The proxy answered 407 to the request (plain http) or to its tunnel (https). */
  static McpFailure asksCredentials(UpstreamProxy proxy, URI url) {
    if (proxy.credential() == null) {
      return failed(proxy, url, "it asks for credentials (407): set proxyAuth");
    }
    return failed(
        proxy,
        url,
        "https".equals(url.getScheme())
            ? "it refused the tunnel with 407: the JDK client sends Basic credentials to open a"
                + " tunnel only when Gatehouse runs with -Djdk.http.auth.tunneling.disabledSchemes="
                + " (docs/connections.md); routes send them"
            : "it refused proxyAuth (407)");
  }

  private static McpFailure failed(UpstreamProxy p, URI url, String why) {
    return new McpFailure(
        Diagnosis.PROXY_FAILED,
        "the proxy "
            + p.host()
            + ":"
            + p.port()
            + " did not open a way to "
            + url.getHost()
            + ":"
            + UpstreamHttp.port(url)
            + ": "
            + why);
  }
}
