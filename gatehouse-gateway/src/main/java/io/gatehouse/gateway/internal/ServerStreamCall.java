package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A GET stream toward a caller: the server-to-client stream relayed from the upstream's, or a
 * resumed stream. A {@code Last-Event-ID} this replica holds in a stream's log is replayed from
 * there; an id that carries the upstream's is resumed from the upstream, so resumption also works
 * on another replica.
 *
 * <p>What the upstream replays is filtered: the transport spec says a server "MUST NOT replay
 * messages that would have been delivered on a different stream", and some upstreams replay every
 * stream of the session. A resumed request stream passes only that request's answer (and ends with
 * it), a plain GET stream passes no answers at all, and events already relayed or without a
 * JSON-RPC message are dropped.
 */
final class ServerStreamCall implements Answer, OpenStreams.Listener {
  private enum Verdict {
    PASS,
    DROP,
    ANSWER
  }

  private final Relay relay;
  private final HttpCall call;
  private final McpExchange ex;
  private final String lastEventId;
  private final Forwarded fwd;
  private final Set<String> seen = new HashSet<>();
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private JsonRpcId awaited;
  private ResumableStream stream;
  private SessionState state;
  private boolean finished;
  private int events;

  ServerStreamCall(Relay relay, HttpCall call, McpExchange ex, String lastEventId, Forwarded fwd) {
    this.relay = relay;
    this.call = call;
    this.ex = ex;
    this.lastEventId = lastEventId;
    this.fwd = fwd;
  }

  void start() {
    if (lastEventId != null && resumeLocally()) {
      return;
    }
    EventIds.Parsed resumed = EventIds.parse(lastEventId);
    awaited = resumed.upstreamId() == null ? null : resumed.requestId();
    pending =
        relay.upstreams.listen(call.edge.loop(), ex, ex.session(), resumed.upstreamId(), fwd, this);
  }

  private boolean resumeLocally() {
    SessionState s = relay.sessions.local().peek(ex.sessionId());
    ResumableStream held = s == null ? null : s.streamWith(lastEventId);
    if (held == null) {
      return false;
    }
    EventStream writer = call.openStream(Map.of(), relay.settings.keepAlive());
    if (!held.resume(writer, lastEventId)) {
      writer.close();
      return false;
    }
    call.report(200, null, true, 0);
    return true;
  }

  @Override
  public void streamStarted(String upstreamSessionId) {
    // Before the caller sees the stream, so a push it could have caused is not missed; a push
    // runs on this loop, after this method.
    relay.open.add(ex.route().name(), this);
    EventStream writer = call.openStream(Map.of(), relay.settings.keepAlive());
    stream =
        new ResumableStream(
            PostDownstream.streamKey(),
            awaited,
            writer,
            relay.settings.sseRetry().toMillis(),
            relay.settings.resumeBufferBytes());
    stream.onAbandon(
        () -> {
          relay.open.remove(ex.route().name(), this);
          call.edge.loop().execute(pending::abort);
        });
    state = relay.sessions.local().state(ex.sessionId());
    state.add(stream);
    stream.prime(null);
  }

  @Override
  public EventLoop loop() {
    return call.edge.loop();
  }

  /** A message of the gateway's own, logged like the relayed ones so a resume replays it. */
  @Override
  public void push(byte[] json) {
    if (!finished && stream != null) {
      stream.emitMessage(json);
      events++;
    }
  }

  @Override
  public void event(SseEvent e) {
    if (finished) {
      return;
    }
    if (e.id() != null && !e.id().isEmpty() && !seen.add(e.id())) {
      return;
    }
    Verdict v = verdict(e);
    if (v != Verdict.DROP) {
      // Notifications and requests go through the response hooks too (a policy may need to see
      // notifications/tools/list_changed); Relay.respond leaves the event alone when none reads.
      stream.emit(Relay.respond(relay, ex, e));
      events++;
    }
    if (v == Verdict.ANSWER) {
      pending.abort();
      end();
    } else {
      Upstreams.Pending p = pending;
      stream.throttle(p::pause, p::resume);
    }
  }

  private Verdict verdict(SseEvent e) {
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

  @Override
  public void streamEnded() {
    end();
  }

  @Override
  public void failed(GatewayException e) {
    if (stream == null) {
      call.refuse(e);
      finished = true;
    } else {
      end();
    }
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    if (status == 405) {
      failed(
          new GatewayException(
              GatewayErrors.METHOD_NOT_ALLOWED,
              "route '" + ex.route().name() + "': the upstream offers no server-to-client stream"));
    } else {
      failed(Relay.failure(ex.route(), ex.session(), status, body, json));
    }
  }

  @Override
  public void accepted(String upstreamSessionId) {
    notAStream();
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    notAStream();
  }

  private void notAStream() {
    failed(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '"
                + ex.route().name()
                + "': the upstream answered a GET without an event stream"));
  }

  /** The upstream's stream ended (or broke): ours ends too; the caller reconnects. */
  private void end() {
    if (finished) {
      return;
    }
    finished = true;
    if (stream != null) {
      relay.open.remove(ex.route().name(), this);
      stream.complete();
      state.release(stream);
      relay.sessions.local().release(ex.sessionId());
    }
    call.report(200, null, true, events);
  }
}
