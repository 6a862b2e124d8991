package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.protocol.JsonRpcMessage;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Talks the legacy HTTP+SSE transport to an upstream. Each session is a {@link LegacyConnection} held by
 * this replica; its handle goes into the sealed session id. Another replica cannot serve such a session
 * (the upstream binds it to the event stream this replica holds) and answers 404, so the caller
 * re-initializes. Streamable HTTP upstreams have no such limit.
 */
final class LegacySseUpstream implements AutoCloseable {
  /**
   * A legacy endpoint answers a POST with 202 at once and the message on the stream; some never answer a
   * POST for a session they lost, so the POST itself gets a short timeout.
   */
  private static final java.time.Duration POST_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final StreamableHttpUpstream http;
  private final Map<String, LegacyConnection> connections = new ConcurrentHashMap<>();

  LegacySseUpstream(StreamableHttpUpstream http) {
    this.http = http;
  }

  /** Opens the event stream and sends {@code initialize} over it. */
  PendingReply open(RouteDefinition route, JsonRpcMessage initialize, byte[] body) {
    LegacyConnection c = connect(route);
    return send(route, c, initialize, body);
  }

  /** Connects without sending anything: used when probing a route whose transport is {@code auto}. */
  LegacyConnection connect(RouteDefinition route) {
    UpstreamReply reply = http.get(route, null, null, Forwarded.NONE).await();
    if (!(reply instanceof UpstreamReply.Events events)) {
      throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR, "route '" + route.name()
          + "': the upstream did not open an event stream (legacy SSE); check upstream.url and transport");
    }
    LegacyConnection c = LegacyConnection.connect(UUID.randomUUID().toString(), route, events.source());
    connections.put(c.handle, c);
    return c;
  }

  PendingReply send(RouteDefinition route, String handle, JsonRpcMessage message, byte[] body) {
    return send(route, connection(route, handle), message, body);
  }

  PendingReply send(RouteDefinition route, LegacyConnection c, JsonRpcMessage message, byte[] body) {
    QueueEventSource answer = message.isRequest() ? c.expect(message, route.timeouts().request()) : null;
    UpstreamReply posted;
    try {
      posted = http.post(route, c.endpoint(), null, body, Forwarded.NONE, POST_TIMEOUT.plus(route.timeouts().connect()))
          .await();
    } catch (RuntimeException e) {
      if (answer != null) {
        answer.close();
      }
      throw e;
    }
    if (!(posted instanceof UpstreamReply.Accepted) && answer != null) {
      answer.close();
    }
    UpstreamReply reply = posted instanceof UpstreamReply.Accepted && answer != null
        ? new UpstreamReply.Events(answer) : posted;
    return new ImmediateReply(reply, c.handle);
  }

  PendingReply listen(RouteDefinition route, String handle) {
    return new ImmediateReply(new UpstreamReply.Events(connection(route, handle).listen()), handle);
  }

  void terminate(String handle) {
    LegacyConnection c = connections.remove(handle);
    if (c != null) {
      c.close();
    }
  }

  private LegacyConnection connection(RouteDefinition route, String handle) {
    LegacyConnection c = connections.get(handle);
    if (c == null || c.isClosed()) {
      connections.remove(handle);
      throw new GatewayException(GatewayErrors.SESSION_EXPIRED, "route '" + route.name()
          + "': the upstream's legacy SSE session is not held by this gateway replica any more");
    }
    return c;
  }

  @Override
  public void close() {
    connections.values().forEach(LegacyConnection::close);
    connections.clear();
  }
}
