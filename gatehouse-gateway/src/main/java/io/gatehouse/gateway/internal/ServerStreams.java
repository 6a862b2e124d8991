package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayError;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.Map;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * GET streams toward callers: the server-to-client stream relayed from the upstream's, or a resumed
 * stream. A {@code Last-Event-ID} this replica holds in a stream's log is replayed from there; an id that
 * carries the upstream's ({@code g…:<upstream id>}) is resumed from the upstream, so resumption also
 * works on another replica.
 */
final class ServerStreams {
  private final Upstreams upstreams;
  private final LocalSessions local;
  private final KeepAlive keepAlive;
  private final GatewaySettings settings;

  ServerStreams(Upstreams upstreams, LocalSessions local, KeepAlive keepAlive, GatewaySettings settings) {
    this.upstreams = upstreams;
    this.local = local;
    this.keepAlive = keepAlive;
    this.settings = settings;
  }

  void open(RouteDefinition route, String sessionId, SessionToken session, String lastEventId, Forwarded fwd,
      Response response, Callback callback) {
    if (lastEventId != null && resumeLocally(sessionId, lastEventId, response, callback)) {
      return;
    }
    String upstreamLastId = lastEventId == null ? null : ResumableStream.upstreamId(lastEventId);
    UpstreamReply reply = upstreams.listen(route, session, upstreamLastId, fwd).await();
    switch (reply) {
      case UpstreamReply.Events ev -> relay(sessionId, ev.source(), response, callback);
      case UpstreamReply.Failure f when f.status() == 405 -> throw new GatewayException(GatewayError.METHOD_NOT_ALLOWED,
          "route '" + route.name() + "': the upstream offers no server-to-client stream");
      case UpstreamReply.Failure f -> throw UpstreamRelay.failure(route, session, f);
      default -> throw new GatewayException(GatewayError.UPSTREAM_PROTOCOL_ERROR,
          "route '" + route.name() + "': the upstream answered a GET without an event stream");
    }
  }

  private boolean resumeLocally(String sessionId, String lastEventId, Response response, Callback callback) {
    SessionState state = local.peek(sessionId);
    ResumableStream stream = state == null ? null : state.streamWith(lastEventId);
    return stream != null && stream.resume(new EventStreamWriter(response, callback, Map.of()), lastEventId);
  }

  private void relay(String sessionId, EventSource source, Response response, Callback callback) {
    EventStreamWriter writer = new EventStreamWriter(response, callback, Map.of());
    ResumableStream stream = new ResumableStream(StreamableDownstream.streamKey(), writer, keepAlive,
        settings.sseRetry().toMillis(), settings.resumeBufferBytes());
    stream.onAbandon(source::close);
    SessionState state = local.state(sessionId);
    state.add(stream);
    try {
      stream.prime(null);
      for (SseEvent e = source.next(); e != null; e = source.next()) {
        if (Messages.isRelayable(e)) {
          stream.emit(e);
        }
      }
    } catch (GatewayException e) {
      // the upstream's stream broke: end ours too; the caller reconnects
    } finally {
      stream.complete();
      source.close();
      state.release(stream);
      local.release(sessionId);
    }
  }
}
