package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * GET streams toward callers: the server-to-client stream relayed from the upstream's, or a resumed
 * stream. A {@code Last-Event-ID} this replica holds in a stream's log is replayed from there; an id that
 * carries the upstream's is resumed from the upstream, so resumption also works on another replica.
 *
 * <p>What the upstream replays is filtered: the transport spec says a server "MUST NOT replay messages
 * that would have been delivered on a different stream", and some upstreams replay every stream of the
 * session. A resumed request stream passes only that request's answer (and ends with it), a plain GET
 * stream passes no answers at all, and events already relayed or without a JSON-RPC message are dropped.
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
    EventIds.Parsed resumed = EventIds.parse(lastEventId);
    UpstreamReply reply = upstreams.listen(route, session, resumed.upstreamId(), fwd).await();
    switch (reply) {
      case UpstreamReply.Events ev -> relay(sessionId, ev.source(), resumed, response, callback);
      case UpstreamReply.Failure f when f.status() == 405 -> throw new GatewayException(GatewayErrors.METHOD_NOT_ALLOWED,
          "route '" + route.name() + "': the upstream offers no server-to-client stream");
      case UpstreamReply.Failure f -> throw UpstreamRelay.failure(route, session, f);
      default -> throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + route.name() + "': the upstream answered a GET without an event stream");
    }
  }

  private boolean resumeLocally(String sessionId, String lastEventId, Response response, Callback callback) {
    SessionState state = local.peek(sessionId);
    ResumableStream stream = state == null ? null : state.streamWith(lastEventId);
    return stream != null && stream.resume(new EventStreamWriter(response, callback, Map.of()), lastEventId);
  }

  private void relay(String sessionId, EventSource source, EventIds.Parsed resumed, Response response,
      Callback callback) {
    JsonRpcId awaited = resumed.upstreamId() == null ? null : resumed.requestId();
    EventStreamWriter writer = new EventStreamWriter(response, callback, Map.of());
    ResumableStream stream = new ResumableStream(StreamableDownstream.streamKey(), awaited, writer, keepAlive,
        settings.sseRetry().toMillis(), settings.resumeBufferBytes());
    stream.onAbandon(source::close);
    SessionState state = local.state(sessionId);
    state.add(stream);
    Set<String> seen = new HashSet<>();
    try {
      stream.prime(null);
      for (SseEvent e = source.next(); e != null; e = source.next()) {
        if (e.id() != null && !e.id().isEmpty() && !seen.add(e.id())) {
          continue;
        }
        Verdict v = verdict(e, awaited);
        if (v != Verdict.DROP) {
          stream.emit(e);
        }
        if (v == Verdict.ANSWER) {
          break;
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

  private enum Verdict { PASS, DROP, ANSWER }

  private static Verdict verdict(SseEvent e, JsonRpcId awaited) {
    if (!e.hasData() || !e.isMessage()) {
      return Verdict.PASS;
    }
    JsonRpcMessage m = Messages.of(e);
    if (m == null) {
      return Verdict.DROP;
    }
    if (!m.isResponse()) {
      return Verdict.PASS;
    }
    return awaited != null && awaited.equals(m.id()) ? Verdict.ANSWER : Verdict.DROP;
  }
}
