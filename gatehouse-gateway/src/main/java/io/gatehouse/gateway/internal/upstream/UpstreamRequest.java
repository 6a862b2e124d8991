package io.gatehouse.gateway.internal.upstream;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;

/**
 * One HTTP request to an upstream.
 *
 * @param headers the request's headers besides {@code Host} and {@code Content-Length}, which are
 *     set here
 * @param body the body, or null for none
 * @param tls TLS beyond the defaults for this upstream, or null
 * @param proxy the HTTP proxy to tunnel through, or null for a direct connection
 */
public record UpstreamRequest(
    HttpMethod method,
    URI url,
    HttpHeaders headers,
    byte[] body,
    Duration connectTimeout,
    io.gatehouse.gateway.UpstreamTls tls,
    io.gatehouse.gateway.UpstreamProxy proxy) {
  public UpstreamRequest(
      HttpMethod method,
      URI url,
      HttpHeaders headers,
      byte[] body,
      Duration connectTimeout,
      io.gatehouse.gateway.UpstreamTls tls) {
    this(method, url, headers, body, connectTimeout, tls, null);
  }

  public UpstreamRequest {
    requireNonNull(method, "method");
    requireNonNull(url, "url");
    requireNonNull(headers, "headers");
    requireNonNull(connectTimeout, "connectTimeout");
  }

  /** The request target: the path and query of the URL, {@code /} when it has none. */
  String target() {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }
}
