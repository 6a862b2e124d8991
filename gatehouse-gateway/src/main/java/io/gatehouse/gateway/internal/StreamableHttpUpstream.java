package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.RouteDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/** Talks Streamable HTTP to an upstream: one HTTP exchange per message, plus GET and DELETE. */
final class StreamableHttpUpstream {
  static final String ACCEPT_BOTH = "application/json, text/event-stream";
  private static final Duration LISTEN_IDLE = Duration.ofHours(24);

  private final UpstreamHttp http;
  private final int maxResponseBytes;

  StreamableHttpUpstream(UpstreamHttp http, int maxResponseBytes) {
    this.http = http;
    this.maxResponseBytes = maxResponseBytes;
  }

  PendingReply post(RouteDefinition route, String upstreamSessionId, byte[] body, Forwarded fwd) {
    return post(route, route.upstream().url(), upstreamSessionId, body, fwd, route.timeouts().request());
  }

  /** POSTs to {@code url} instead of the route's URL (a legacy upstream's message endpoint), with a timeout. */
  PendingReply post(RouteDefinition route, URI url, String upstreamSessionId, byte[] body, Forwarded fwd,
      Duration timeout) {
    Request r = request(route, url, HttpMethod.POST, upstreamSessionId, fwd, ACCEPT_BOTH)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .body(new BytesRequestContent("application/json", body));
    return new HttpPending(route.name(), r, timeout, maxResponseBytes);
  }

  /** Opens the upstream's GET stream; it has no overall deadline, only the wait for its headers. */
  PendingReply get(RouteDefinition route, String upstreamSessionId, String lastEventId, Forwarded fwd) {
    Request r = request(route, route.upstream().url(), HttpMethod.GET, upstreamSessionId, fwd, "text/event-stream")
        .idleTimeout(LISTEN_IDLE.toMillis(), TimeUnit.MILLISECONDS);
    if (lastEventId != null) {
      r.headers(h -> h.put("Last-Event-ID", lastEventId));
    }
    return new HttpPending(route.name(), r, route.timeouts().connect().plus(route.timeouts().request()), maxResponseBytes);
  }

  PendingReply delete(RouteDefinition route, String upstreamSessionId, Forwarded fwd) {
    Duration timeout = route.timeouts().connect().plusSeconds(10);
    Request r = request(route, route.upstream().url(), HttpMethod.DELETE, upstreamSessionId, fwd, ACCEPT_BOTH)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return new HttpPending(route.name(), r, timeout, maxResponseBytes);
  }

  private Request request(RouteDefinition route, URI url, HttpMethod method, String upstreamSessionId,
      Forwarded fwd, String accept) {
    return http.client(route.timeouts().connect())
        .newRequest(url)
        .method(method)
        .headers(h -> headers(h, route, upstreamSessionId, fwd, accept));
  }

  private static void headers(HttpFields.Mutable h, RouteDefinition route, String upstreamSessionId, Forwarded fwd,
      String accept) {
    h.put(HttpHeader.ACCEPT, accept);
    if (upstreamSessionId != null && !upstreamSessionId.isEmpty()) {
      h.put("Mcp-Session-Id", upstreamSessionId);
    }
    if (fwd.protocolVersion() != null) {
      h.put("MCP-Protocol-Version", fwd.protocolVersion());
    }
    fwd.extra().forEach(e -> h.add(e.getKey(), e.getValue()));
    route.upstream().headers().forEach(h::put);
  }
}
