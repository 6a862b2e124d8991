package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.JsonRpcMessage;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream side of the gateway: picks the transport of each route (detecting it once for
 * {@code transport: auto}) and sends messages, opens listening streams and ends sessions through it.
 */
final class Upstreams implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Upstreams.class);

  /** A session being opened: the transport it uses and the pending answer to {@code initialize}. */
  record Opened(UpstreamTransport transport, PendingReply pending) {}

  private final UpstreamHttp http = new UpstreamHttp();
  private final StreamableHttpUpstream streamable;
  private final LegacySseUpstream legacy;
  private final Map<URI, UpstreamTransport> detected = new ConcurrentHashMap<>();

  Upstreams(int maxResponseBytes) {
    this.streamable = new StreamableHttpUpstream(http, maxResponseBytes);
    this.legacy = new LegacySseUpstream(streamable);
  }

  Opened open(RouteDefinition route, JsonRpcMessage initialize, byte[] body, Forwarded fwd) {
    UpstreamTransport t = route.upstream().transport();
    if (t == UpstreamTransport.AUTO) {
      t = detected.get(route.upstream().url());
    }
    if (t == UpstreamTransport.STREAMABLE_HTTP) {
      return new Opened(t, streamable.post(route, null, body, fwd));
    }
    if (t == UpstreamTransport.SSE) {
      return new Opened(t, legacy.open(route, initialize, body));
    }
    return detect(route, initialize, body, fwd);
  }

  /**
   * The transport spec's backwards-compatibility probe: POST {@code initialize}; a 400, 404 or 405 means
   * the server may be a legacy one, so GET the URL and expect an event stream with an {@code endpoint}.
   */
  private Opened detect(RouteDefinition route, JsonRpcMessage initialize, byte[] body, Forwarded fwd) {
    PendingReply post = streamable.post(route, null, body, fwd);
    UpstreamReply reply = post.await();
    URI url = route.upstream().url();
    if (reply instanceof UpstreamReply.Failure f && (f.status() == 400 || f.status() == 404 || f.status() == 405)) {
      LegacyConnection c;
      try {
        c = legacy.connect(route);
      } catch (GatewayException e) {
        log.debug("route {}: not a legacy SSE upstream either: {}", route.name(), e.getMessage());
        return new Opened(UpstreamTransport.STREAMABLE_HTTP, post);
      }
      detected.put(url, UpstreamTransport.SSE);
      log.info("route {}: upstream speaks legacy HTTP+SSE", route.name());
      return new Opened(UpstreamTransport.SSE, legacy.send(route, c, initialize, body));
    }
    if (!(reply instanceof UpstreamReply.Failure)) {
      detected.put(url, UpstreamTransport.STREAMABLE_HTTP);
      log.info("route {}: upstream speaks Streamable HTTP", route.name());
    }
    return new Opened(UpstreamTransport.STREAMABLE_HTTP, post);
  }

  PendingReply send(RouteDefinition route, SessionToken session, JsonRpcMessage message, byte[] body,
      Forwarded fwd) {
    if (session.transport() == UpstreamTransport.SSE) {
      return legacy.send(route, session.upstreamSessionId(), message, body);
    }
    return streamable.post(route, session.upstreamSessionId(), body, fwd);
  }

  PendingReply listen(RouteDefinition route, SessionToken session, String lastEventId, Forwarded fwd) {
    if (session.transport() == UpstreamTransport.SSE) {
      return legacy.listen(route, session.upstreamSessionId());
    }
    return streamable.get(route, session.upstreamSessionId(), lastEventId, fwd);
  }

  /** Ends the upstream session; failures are logged, since the caller's session ends regardless. */
  void terminate(RouteDefinition route, SessionToken session, Forwarded fwd) {
    if (session.transport() == UpstreamTransport.SSE) {
      legacy.terminate(session.upstreamSessionId());
      return;
    }
    if (!session.hasUpstreamSession()) {
      return;
    }
    try {
      UpstreamReply r = streamable.delete(route, session.upstreamSessionId(), fwd).await();
      if (r instanceof UpstreamReply.Events e) {
        e.source().close();
      }
    } catch (GatewayException e) {
      log.debug("route {}: upstream DELETE failed: {}", route.name(), e.getMessage());
    }
  }

  @Override
  public void close() {
    legacy.close();
    http.close();
  }
}
