package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.UpstreamCall;
import io.gatehouse.gateway.internal.upstream.UpstreamRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An upstream request being put together, as policies see it through {@link UpstreamCall}. */
final class OutgoingCall implements UpstreamCall {
  private final HttpMethod method;
  private URI url;
  private final HttpHeaders headers = new DefaultHttpHeaders();
  private final io.gatehouse.gateway.UpstreamTls tls;
  private final io.gatehouse.gateway.UpstreamProxy proxy;

  OutgoingCall(HttpMethod method, URI url, io.gatehouse.gateway.UpstreamDefinition upstream) {
    this.method = method;
    this.url = url;
    this.tls = upstream.tls();
    this.proxy = upstream.proxy();
  }

  @Override
  public String method() {
    return method.name();
  }

  @Override
  public URI url() {
    return url;
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public void setHeader(String name, String value) {
    headers.set(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    headers.add(name, value);
  }

  @Override
  public void removeHeader(String name) {
    headers.remove(name);
  }

  @Override
  public void setQueryParameter(String name, String value) {
    List<String> kept = without(name);
    kept.add(encode(name) + "=" + encode(value));
    withQuery(kept);
  }

  @Override
  public void removeQueryParameter(String name) {
    if (url.getRawQuery() != null) {
      withQuery(without(name));
    }
  }

  /** The query's pairs other than {@code name}'s, as sent. */
  private List<String> without(String name) {
    List<String> kept = new ArrayList<>();
    if (url.getRawQuery() != null) {
      String encoded = encode(name);
      for (String pair : url.getRawQuery().split("&")) {
        String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (!key.equals(encoded) && !pair.isEmpty()) {
          kept.add(pair);
        }
      }
    }
    return kept;
  }

  private void withQuery(List<String> pairs) {
    String base = url.toString();
    int q = base.indexOf('?');
    String path = q < 0 ? base : base.substring(0, q);
    url = URI.create(pairs.isEmpty() ? path : path + "?" + String.join("&", pairs));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  HttpHeaders headers() {
    return headers;
  }

  UpstreamRequest toRequest(byte[] body, Duration connectTimeout) {
    return new UpstreamRequest(method, url, headers, body, connectTimeout, tls, proxy);
  }
}
