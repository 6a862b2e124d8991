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
    String encoded = encode(name) + "=" + encode(value);
    List<String> kept = new ArrayList<>();
    if (url.getRawQuery() != null) {
      for (String pair : url.getRawQuery().split("&")) {
        String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (!key.equals(encode(name)) && !pair.isEmpty()) {
          kept.add(pair);
        }
      }
    }
    kept.add(encoded);
    String base = url.toString();
    int q = base.indexOf('?');
    url = URI.create((q < 0 ? base : base.substring(0, q)) + "?" + String.join("&", kept));
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
