package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One 2026-07-28 message relayed to a 2026-07-28 upstream, with no session on either side: the
 * upstream's answer goes back as it came (JSON with its status, an event stream event by event, 202
 * for a notification), the response hooks seeing each message. Closing the caller's stream closes
 * the upstream's, which is how 2026-07-28 cancels (transports: "Cancellation on HTTP"). A {@code
 * subscriptions/listen} stream has no request timeout; it lives as long as both ends keep it.
 *
 * <p>As in the session era, the caller's stream for a request opens with the first event that is
 * not the answer, or after {@code sse-after}: a quick answer that the upstream streams (the common
 * case) goes back as one complete event, without the stream machinery (chunks, a flush per event, a
 * keep-alive ticker), and the upstream's connection, drained rather than cut, is reused.
 */
final class ModernCall implements Answer {
  private final Relay relay;
  private final UpstreamEras eras;
  private final EventLoop loop;
  private final HttpCall call;
  private final McpExchange ex;
  private final JsonRpcMessage m;
  private final Forwarded fwd;
  private final boolean takesStreams;
  private byte[] body;
  private ListCache cache;
  private String cacheKey;
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private EventStream stream;
  private ScheduledFuture<?> timer;
  private ScheduledFuture<?> switchTimer;
  private ScheduledFuture<?> drainTimer;
  private boolean finished;
  private int events;

  ModernCall(
      Relay relay,
      UpstreamEras eras,
      EventLoop loop,
      HttpCall call,
      McpExchange ex,
      Forwarded fwd,
      boolean takesStreams) {
    this.relay = relay;
    this.eras = eras;
    this.loop = loop;
    this.call = call;
    this.ex = ex;
    this.m = ex.message();
    this.fwd = fwd;
    this.takesStreams = takesStreams;
    this.body = ex.body();
  }

  /** Sends {@code body} upstream instead of the caller's (without Gatehouse's own MRTR parts). */
  ModernCall sending(byte[] body) {
    this.body = body;
    return this;
  }

  /** Offers the answer to {@code cache} under {@code key} (null: not a cacheable request). */
  ModernCall keepingIn(ListCache cache, String key) {
    this.cache = cache;
    this.cacheKey = key;
    return this;
  }

  /** Answers on {@code early}, the caller's stream opened while the policies decided (or null). */
  ModernCall onStream(EventStream early) {
    if (early != null) {
      this.stream = early;
    }
    return this;
  }

  void start() {
    if (m.isRequest() && !McpMethods.SUBSCRIPTIONS_LISTEN.equals(m.method())) {
      timer = Timeouts.after(loop, ex.route().timeouts().request(), this::timedOut);
    }
    call.edge.onClose(this::callerGone);
    pending = relay.upstreams.post(loop, ex, ex.route().upstream().url(), null, body, fwd, this);
  }

  @Override
  public void accepted(String upstreamSessionId) {
    if (!finished) {
      call.empty(202, Map.of());
      finish(202, null, false);
    }
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    if (finished) {
      return;
    }
    if (cacheKey != null) {
      cache.offer(cacheKey, json);
    }
    byte[] answer = respond(json);
    if (stream == null) {
      call.json(200, answer, Map.of());
      finish(200, null, false);
    } else {
      stream.closeWith(SseEncoder.encode(SseEvent.message(null, answer)));
      events++;
      finish(200, null, true);
    }
  }

  @Override
  public void streamStarted(String upstreamSessionId) {
    // A caller that takes only JSON gets the answer alone: what comes before it is dropped.
    if (finished || stream != null || !takesStreams) {
      return;
    }
    if (!m.isRequest() || McpMethods.SUBSCRIPTIONS_LISTEN.equals(m.method())) {
      openStream();
      return;
    }
    Duration sseAfter = relay.settings.sseAfter();
    if (sseAfter.compareTo(ex.route().timeouts().request()) < 0) {
      switchTimer = Timeouts.after(loop, sseAfter, this::openStream);
    }
  }

  /** Opens the caller's event stream, so keep-alives flow and events go out as they come. */
  private void openStream() {
    if (!finished && stream == null) {
      if (switchTimer != null) {
        switchTimer.cancel(false);
      }
      stream = call.openStream(Map.of(), relay.settings.keepAlive());
    }
  }

  @Override
  public void event(SseEvent e) {
    if (finished || !e.hasData() || !e.isMessage()) {
      return;
    }
    JsonRpcMessage msg = Messages.of(e);
    if (msg == null) {
      return;
    }
    boolean answer = msg.isResponse() && m.id() != null && m.id().equals(msg.id());
    if (stream == null) {
      if (answer) {
        answerWhole(e);
        return;
      }
      if (!takesStreams) {
        return;
      }
      openStream();
    }
    byte[] data = msg.isResponse() ? respond(e.data()) : e.data();
    byte[] out = SseEncoder.encode(new SseEvent(null, e.event(), data, -1));
    events++;
    if (answer) {
      stream.closeWith(out);
      drainTimer = Timeouts.drain(loop, pending);
      finish(200, null, true);
      return;
    }
    stream.write(out);
    Upstreams.Pending p = pending;
    stream.throttle(p::pause, p::resume);
  }

  /**
   * The answer came before any other event: a caller that takes streams gets it as a complete event
   * stream of its own, like a session-era caller ({@link HttpCall#event}), one that does not as
   * JSON.
   */
  private void answerWhole(SseEvent e) {
    drainTimer = Timeouts.drain(loop, pending);
    if (!takesStreams) {
      message(null, e.data());
      return;
    }
    if (cacheKey != null) {
      cache.offer(cacheKey, e.data());
    }
    call.event(
        200, SseEncoder.encode(new SseEvent(null, e.event(), respond(e.data()), -1)), Map.of());
    events++;
    finish(200, null, true);
  }

  @Override
  public void streamEnded() {
    if (finished) {
      if (drainTimer != null) {
        drainTimer.cancel(false);
      }
      return;
    }
    if (stream != null && !m.isRequest()) {
      stream.close();
      finish(200, null, true);
      return;
    }
    if (stream != null && McpMethods.SUBSCRIPTIONS_LISTEN.equals(m.method())) {
      stream.close();
      finish(200, null, true);
      return;
    }
    fail(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '"
                + ex.route().name()
                + "': the upstream ended its event stream without answering"));
  }

  /**
   * An HTTP error from a 2026-07-28 upstream is a protocol answer ({@code 404} with {@code -32601},
   * {@code 400} with {@code -32602} or {@code -32021}), so a JSON-RPC body goes back with its
   * status; anything else is the upstream failing.
   */
  @Override
  public void refused(int status, byte[] body, boolean json) {
    if (finished) {
      return;
    }
    if (json && Messages.of(body) != null && status < 500 && stream == null) {
      call.json(status, body, Map.of());
      finish(status, null, false);
      return;
    }
    eras.forget(ex.route());
    fail(Relay.failure(ex.route(), null, status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    eras.forget(ex.route());
    if (cache != null) {
      cache.forget(ex.route().name());
    }
    fail(e);
  }

  private void timedOut() {
    if (!finished) {
      pending.abort();
      fail(UpstreamFailures.timeout(ex.route().name(), null));
    }
  }

  /**
   * The caller closed its connection: for 2026-07-28 that cancels, so the upstream's closes too.
   */
  private void callerGone() {
    if (!finished) {
      pending.abort();
      if (stream != null) {
        stream.close();
      }
      finish(499, GatewayErrors.REQUEST_CANCELLED, stream != null);
    }
  }

  private byte[] respond(byte[] json) {
    return respond(relay, ex, json);
  }

  /** {@code json} after the response hooks of {@code ex}, which see it as the message it is. */
  static byte[] respond(Relay relay, McpExchange ex, byte[] json) {
    if (!relay.policies.hasResponseHooks(ex)) {
      return json;
    }
    JsonRpcMessage answer = Messages.of(json);
    return answer == null ? json : relay.policies.response(ex, answer, json);
  }

  private void fail(GatewayException e) {
    if (finished) {
      return;
    }
    pending.abort();
    byte[] body = RpcErrors.body(m.id(), e);
    if (stream == null) {
      int status = m.isRequest() ? RpcErrors.statusForRequest(e.error()) : e.error().httpStatus();
      call.json(status, body, RpcErrors.headers(e));
      finish(status, e.error(), false);
    } else {
      stream.closeWith(SseEncoder.encode(SseEvent.message(null, body)));
      finish(200, e.error(), true);
    }
  }

  private void finish(int status, ErrorKey error, boolean streamed) {
    if (finished) {
      return;
    }
    finished = true;
    if (timer != null) {
      timer.cancel(false);
    }
    if (switchTimer != null) {
      switchTimer.cancel(false);
    }
    call.report(status, error, streamed, events);
  }
}
