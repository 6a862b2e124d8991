package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * Where a route's upstream MCP server is and how to reach it.
 *
 * @param url the MCP endpoint (Streamable HTTP) or the event-stream URL (legacy SSE)
 * @param transport the transport, or {@link UpstreamTransport#AUTO} to detect it
 * @param headers fixed headers added to every upstream request
 * @param tls TLS beyond the JDK's defaults (a private CA, a client certificate), or null
 * @param proxy the HTTP proxy every connection to the upstream goes through, or null for none
 * @param protocol the protocol era the upstream speaks, or {@link UpstreamProtocol#AUTO} to detect
 *     it
 */
public record UpstreamDefinition(
    URI url,
    UpstreamTransport transport,
    Map<String, String> headers,
    UpstreamTls tls,
    UpstreamProxy proxy,
    UpstreamProtocol protocol) {

  public UpstreamDefinition(
      URI url,
      UpstreamTransport transport,
      Map<String, String> headers,
      UpstreamTls tls,
      UpstreamProxy proxy) {
    this(url, transport, headers, tls, proxy, UpstreamProtocol.AUTO);
  }

  public UpstreamDefinition(URI url, UpstreamTransport transport, Map<String, String> headers) {
    this(url, transport, headers, null, null);
  }

  public UpstreamDefinition(
      URI url, UpstreamTransport transport, Map<String, String> headers, UpstreamTls tls) {
    this(url, transport, headers, tls, null);
  }

  public UpstreamDefinition {
    requireNonNull(url, "url");
    requireNonNull(transport, "transport");
    protocol = protocol == null ? UpstreamProtocol.AUTO : protocol;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "upstream.url: " + url + " (expected: an http or https URL)");
    }
  }

  /** This upstream with its protocol era set to {@code p}. */
  public UpstreamDefinition withProtocol(UpstreamProtocol p) {
    return new UpstreamDefinition(url, transport, headers, tls, proxy, p);
  }

  public static UpstreamDefinition of(URI url, UpstreamTransport transport) {
    return new UpstreamDefinition(url, transport, Map.of());
  }

  @Override
  public String toString() {
    return "UpstreamDefinition[url="
        + url
        + ", transport="
        + transport.configName()
        + ", headers="
        + headers.keySet()
        + (tls == null ? "" : ", tls=" + tls)
        + (proxy == null ? "" : ", proxy=" + proxy)
        + (protocol == UpstreamProtocol.AUTO ? "" : ", protocol=" + protocol.configName())
        + "]";
  }
}
