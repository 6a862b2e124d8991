package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way upstream and its answer on the way back, all on the caller's event loop.
 * It waits {@code sse-after} for the upstream: a quick JSON answer goes back as JSON; anything
 * slower, or streamed, goes back as an event stream with keep-alives. An upstream stream that ends
 * before the answer, after giving event ids, is resumed from the upstream with {@code
 * Last-Event-ID}, so the caller never sees the gap. A caller that accepts only JSON gets the answer
 * of a streamed call as JSON.
 */
final class RequestCall implements Answer {
  private static final Logger log = LoggerFactory.getLogger(RequestCall.class);
  private static final int MAX_UPSTREAM_RESUMES = 20;

  private final Relay relay;
  private final EventLoop loop;
  private final McpExchange ex;
  private final JsonRpcMessage m;
  private final Forwarded fwd;
  private final Downstream downstream;
  private final Set<String> seenIds = new HashSet<>();
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private DownstreamStream stream;
  private ScheduledFuture<?> timer;
  private ScheduledFuture<?> drainTimer;
  private boolean collecting;
  private boolean awaitsSwitch;
  private boolean primed;
  private boolean finished;
  private boolean cancelled;
  private boolean resumed;
  private int resumes;
  private int events;
  private String lastUpstreamId;
  private long retryMillis = -1;

  RequestCall(Relay relay, EventLoop loop, McpExchange ex, Forwarded fwd, Downstream downstream) {
    this.relay = relay;
    this.loop = loop;
    this.ex = ex;
    this.m = ex.message();
    this.fwd = fwd;
    this.downstream = downstream;
  }

  void start() {
    relay.sessions.local().started(ex.sessionId(), m.id(), () -> loop.execute(this::cancel));
    // One timer at a time: sse-after first (when the caller takes streams), then the rest of the
    // deadline.
    java.time.Duration request = ex.route().timeouts().request();
    java.time.Duration sseAfter = relay.settings.sseAfter();
    DownstreamStream early = downstream.openedEarly();
    if (early != null) {
      // the policies took long enough that the caller's stream is open and primed already
      stream = early;
      primed = true;
      timer = Timeouts.after(loop, request, this::timedOut);
    } else if (downstream.acceptsEventStream() && sseAfter.compareTo(request) < 0) {
      awaitsSwitch = true;
      timer =
          Timeouts.after(
              loop,
              sseAfter,
              () -> {
                awaitsSwitch = false;
                switchToStream();
                timer = Timeouts.after(loop, request.minus(sseAfter), this::timedOut);
              });
    } else {
      timer = Timeouts.after(loop, request, this::timedOut);
    }
    downstream.onGone(this::callerGone);
    pending = relay.upstreams.send(loop, ex, ex.session(), fwd, this);
  }

  /**
   * No answer within {@code sse-after}: the caller gets an event stream, so keep-alives can flow.
   */
  private void switchToStream() {
    if (!finished && stream == null) {
      stream = downstream.open(Map.of());
      stream.prime(null);
      primed = true;
    }
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    if (finished) {
      return;
    }
    byte[] answer = respond(json);
    if (stream == null) {
      downstream.json(200, answer, Map.of());
      finish(200, null, false, 0);
    } else {
      endWith(answer);
      finish(200, null, true, events + 1);
    }
  }

  /** The answer after the response hooks, which see it as the message it is. */
  private byte[] respond(byte[] json) {
    if (!relay.policies.hasResponseHooks(ex)) {
      return json;
    }
    JsonRpcMessage answer = Messages.of(json);
    return answer == null ? json : relay.policies.response(ex, answer, json);
  }

  @Override
  public void streamStarted(String upstreamSessionId) {
    if (finished || resumed) {
      return;
    }
    if (!downstream.acceptsEventStream() && stream == null) {
      collecting = true;
    } else if (stream == null && !awaitsSwitch) {
      stream = downstream.open(Map.of());
    }
    // Otherwise the caller's stream opens with the first event, unless that event is the answer;
    // the sse-after timer opens it if none comes.
  }

  @Override
  public void event(SseEvent e) {
    if (finished) {
      return;
    }
    if (e.id() != null && !e.id().isEmpty()) {
      lastUpstreamId = e.id();
    }
    retryMillis = e.retryMillis() >= 0 ? e.retryMillis() : retryMillis;
    if (stream == null && !collecting && !downstream.acceptsEventStream()) {
      // A legacy upstream may answer on its stream before its 202: a JSON-only caller still gets
      // JSON.
      collecting = true;
    }
    if (stream == null && !collecting) {
      if (awaitsSwitch && !e.hasData()) {
        // The upstream's priming event: its id is kept for resuming the upstream, and the caller's
        // stream, if it comes to one, gets priming of its own.
        return;
      }
      if (answeredWhole(e)) {
        return;
      }
      // Also a legacy upstream, which may answer on its stream before it answered the POST with
      // 202.
      stream = downstream.open(Map.of());
    }
    if (collecting) {
      JsonRpcMessage msg = Messages.of(e);
      if (msg != null && msg.isResponse() && m.id().equals(msg.id())) {
        drain();
        message(null, e.data());
      }
      return;
    }
    // What one upstream event causes (priming, the event, the end of the stream) goes out in one
    // write.
    boolean[] answered = {false};
    stream.batch(
        () -> {
          answered[0] = relayOne(e);
          if (answered[0]) {
            stream.complete();
          }
        });
    if (answered[0]) {
      drain();
      finish(200, null, true, events);
    } else {
      Upstreams.Pending p = pending;
      stream.throttle(p::pause, p::resume);
    }
  }

  /**
   * Whether {@code e}, the first event of the upstream's stream, was the answer and went to the
   * caller as a complete event-stream answer of its own: the common case of an upstream that
   * streams a quick answer, relayed without the stream machinery.
   */
  private boolean answeredWhole(SseEvent e) {
    if (!downstream.takesWholeAnswers() || !e.hasData() || !e.isMessage()) {
      return false;
    }
    JsonRpcMessage msg = Messages.of(e);
    if (msg == null || !msg.isResponse() || !m.id().equals(msg.id())) {
      return false;
    }
    byte[] data =
        relay.policies.hasResponseHooks(ex) ? relay.policies.response(ex, msg, e.data()) : e.data();
    downstream.answerWithEvent(new SseEvent(null, e.event(), data, -1));
    drain();
    finish(200, null, true, 1);
    return true;
  }

  private void drain() {
    drainTimer = Timeouts.drain(loop, pending);
  }

  /**
   * Relays one event; true when it was the answer. Data that is no JSON-RPC message is dropped, and
   * so, after an upstream resumption, are events seen before and answers to other requests: some
   * upstreams replay every stream of the session, which the caller must not see twice.
   */
  private boolean relayOne(SseEvent e) {
    boolean priming = e.id() != null && !e.hasData();
    if (!primed) {
      primed = true;
      stream.prime(priming ? e : null);
      if (priming) {
        return false;
      }
    }
    if (e.id() != null && !e.id().isEmpty() && !seenIds.add(e.id()) && resumed) {
      return false;
    }
    if (!e.hasData() || !e.isMessage()) {
      stream.emit(e);
      return false;
    }
    JsonRpcMessage msg = Messages.of(e);
    if (msg == null) {
      return false;
    }
    boolean answer = msg.isResponse() && m.id().equals(msg.id());
    if (resumed && msg.isResponse() && !answer) {
      return false;
    }
    SseEvent out = e;
    if (relay.policies.hasResponseHooks(ex)) {
      byte[] data = relay.policies.response(ex, msg, e.data());
      out = data == e.data() ? e : new SseEvent(e.id(), e.event(), data, e.retryMillis());
    }
    stream.emit(out);
    events++;
    return answer;
  }

  @Override
  public void streamEnded() {
    if (finished) {
      if (drainTimer != null) {
        drainTimer.cancel(false);
      }
      return;
    }
    if (cancelled) {
      parkCancelled();
      return;
    }
    if (lastUpstreamId == null
        || !Relay.canResumeUpstream(ex)
        || resumes++ >= MAX_UPSTREAM_RESUMES
        || collecting) {
      fail(
          new GatewayException(
              GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
              "route '"
                  + ex.route().name()
                  + "': the upstream ended its event stream without answering"));
      return;
    }
    long delay = Math.clamp(retryMillis < 0 ? 500 : retryMillis, 0, 30_000);
    Timeouts.after(loop, java.time.Duration.ofMillis(delay), this::resumeUpstream);
  }

  /** The upstream's stream ended before the answer: reopen it from the last event id it sent. */
  private void resumeUpstream() {
    if (finished) {
      return;
    }
    resumed = true;
    pending =
        relay.upstreams.listen(
            loop,
            ex,
            ex.session(),
            lastUpstreamId,
            fwd,
            new ForwardingAnswer(this) {
              @Override
              public void accepted(String upstreamSessionId) {
                couldNotResume();
              }

              @Override
              public void message(String upstreamSessionId, byte[] json) {
                couldNotResume();
              }

              @Override
              public void refused(int status, byte[] body, boolean json) {
                couldNotResume();
              }
            });
  }

  private void couldNotResume() {
    fail(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '" + ex.route().name() + "': the upstream could not resume its event stream"));
  }

  @Override
  public void accepted(String upstreamSessionId) {
    fail(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '"
                + ex.route().name()
                + "': the upstream accepted a request without answering it"));
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    fail(Relay.failure(ex.route(), ex.session(), status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    fail(e);
  }

  private void timedOut() {
    if (!finished) {
      pending.abort();
      fail(UpstreamFailures.timeout(ex.route().name(), null));
    }
  }

  /** Stops relaying: the caller cancelled the request, or its session ended. */
  private void cancel() {
    if (finished || cancelled) {
      return;
    }
    cancelled = true;
    pending.abort();
    if (stream != null) {
      parkCancelled();
    } else {
      answerError(new GatewayException(GatewayErrors.REQUEST_CANCELLED, "request cancelled"));
    }
  }

  /** The caller's connection closed before any answer went out: nobody can receive or resume it. */
  private void callerGone() {
    if (finished || stream != null) {
      return;
    }
    cancelled = true;
    pending.abort();
    relay.cancelUpstream(loop, ex, fwd, "Gatehouse: the caller went away");
    finish(499, GatewayErrors.REQUEST_CANCELLED, false, 0);
  }

  private void parkCancelled() {
    stream.park();
    finish(200, GatewayErrors.REQUEST_CANCELLED, true, events);
  }

  private void fail(GatewayException e) {
    if (finished) {
      return;
    }
    if (cancelled) {
      if (stream != null) {
        parkCancelled();
      }
      return;
    }
    pending.abort();
    if (e.error() == GatewayErrors.UPSTREAM_TIMEOUT) {
      relay.cancelUpstream(loop, ex, fwd, "Gatehouse: the route's request timeout passed");
    }
    answerError(e);
  }

  private void answerError(GatewayException e) {
    byte[] body = RpcErrors.body(m.id(), e);
    if (stream == null) {
      int status = RpcErrors.statusForRequest(e.error());
      downstream.json(status, body, RpcErrors.headers(e));
      finish(status, e.error(), false, 0);
    } else {
      endWith(body);
      finish(200, e.error(), true, events);
    }
  }

  /** Sends the last message and ends the stream, in one write. */
  private void endWith(byte[] json) {
    stream.batch(
        () -> {
          stream.emitMessage(json);
          stream.complete();
        });
  }

  private void finish(int status, ErrorKey error, boolean streamed, int events) {
    if (finished) {
      return;
    }
    finished = true;
    if (timer != null) {
      timer.cancel(false);
    }
    relay.sessions.local().finished(ex.sessionId(), m.id());
    try {
      downstream.finished(status, error, streamed, events);
    } catch (RuntimeException e) {
      String incident = UUID.randomUUID().toString().substring(0, 8);
      log.error("route {}: incident {} finishing {}", ex.route().name(), incident, m.method(), e);
    }
  }
}
