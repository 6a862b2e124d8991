package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.InitializeResult;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Relays {@code initialize}. Unlike other requests it waits for the whole answer before answering,
 * so the session id it issues can carry the protocol version the upstream negotiated, and no id is
 * issued when the upstream refused. The answer goes back as JSON unless the upstream sent more than
 * the result. On an {@code auto} route a refusal that may say "I do not speak the session era" is
 * first offered to a {@link Takeover} (the reverse bridge), which answers instead when the upstream
 * turns out to speak 2026-07-28 only.
 */
final class InitializeCall implements Upstreams.Opening {
  /**
   * What may serve an {@code initialize} the upstream refused as a 2026-07-28-only server would.
   */
  interface Takeover {
    /**
     * Finds out, on the exchange's loop, whether it serves the {@code initialize}, and calls {@code
     * then} with the answer.
     */
    void decide(Consumer<Boolean> then);

    /** Serves the {@code initialize}: answers the caller itself. */
    void serve();
  }

  private static final int MAX_EVENTS = 1000;

  private final Relay relay;
  private final EventLoop loop;
  private final McpExchange ex;
  private final Forwarded fwd;
  private final Downstream downstream;
  private final List<SseEvent> events = new ArrayList<>();
  private UpstreamTransport transport = UpstreamTransport.STREAMABLE_HTTP;
  private String upstreamSessionId;
  private boolean finished;
  private Takeover takeover;
  private boolean deciding;
  private java.util.concurrent.ScheduledFuture<?> deadline;

  InitializeCall(
      Relay relay, EventLoop loop, McpExchange ex, Forwarded fwd, Downstream downstream) {
    this.relay = relay;
    this.loop = loop;
    this.ex = ex;
    this.fwd = fwd;
    this.downstream = downstream;
  }

  /** Offers a refusal that may be a 2026-07-28-only server's to {@code t} before the caller. */
  InitializeCall orTakenOverBy(Takeover t) {
    this.takeover = t;
    return this;
  }

  void start() {
    deadline =
        Timeouts.after(
            loop,
            ex.route().timeouts().request(),
            () -> {
              // the takeover's probe counts against the same deadline
              deciding = false;
              fail(UpstreamFailures.timeout(ex.route().name(), null));
            });
    relay.upstreams.open(loop, ex, fwd, this);
  }

  /**
   * Whether a refusal ({@code json}) of the {@code initialize} went to the takeover, which either
   * serves it or has {@code refused} answer the caller as it would have been answered.
   */
  private boolean offered(byte[] json, Runnable refused) {
    Takeover t = takeover;
    if (t == null || json == null || !UpstreamEras.mayRefuseSessions(json)) {
      return false;
    }
    takeover = null; // offered once: a refusal it declines goes to the caller
    deciding = true;
    t.decide(
        serves -> {
          if (finished || !deciding) {
            return;
          }
          deciding = false;
          if (serves) {
            finished = true;
            deadline.cancel(false);
            t.serve();
          } else {
            refused.run();
          }
        });
    return true;
  }

  @Override
  public void opened(UpstreamTransport transport, String handle) {
    this.transport = transport;
    this.upstreamSessionId = handle;
  }

  @Override
  public void message(String sessionId, byte[] json) {
    if (finished || deciding || offered(json, () -> message(sessionId, json))) {
      return;
    }
    remember(sessionId);
    byte[] answer = respond(json);
    downstream.json(200, answer, header(answer));
    finish(200, null, false, 0);
  }

  @Override
  public void streamStarted(String sessionId) {
    remember(sessionId);
  }

  private void remember(String sessionId) {
    if (transport == UpstreamTransport.STREAMABLE_HTTP) {
      upstreamSessionId = sessionId;
    }
  }

  @Override
  public void event(SseEvent e) {
    if (finished || deciding) {
      return;
    }
    if (events.size() >= MAX_EVENTS) {
      fail(
          new GatewayException(
              GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
              "route '"
                  + ex.route().name()
                  + "': the upstream sent "
                  + MAX_EVENTS
                  + " events without answering initialize"));
      return;
    }
    events.add(e);
    JsonRpcMessage msg = Messages.of(e);
    if (msg != null
        && msg.isResponse()
        && ex.message().id().equals(msg.id())
        && !(msg.error() && offered(e.data(), () -> answered(e)))) {
      answered(e);
    }
  }

  private void answered(SseEvent answer) {
    byte[] json = respond(answer.data());
    Map<String, String> header = header(json);
    long others = events.stream().filter(e -> e.hasData() && e != answer).count();
    if (others == 0 || !downstream.acceptsEventStream()) {
      downstream.json(200, json, header);
      finish(200, null, false, 0);
      return;
    }
    DownstreamStream stream = downstream.open(header);
    SseEvent first = events.getFirst();
    boolean priming = first.id() != null && !first.hasData();
    stream.batch(
        () -> {
          stream.prime(priming ? first : null);
          events.stream()
              .skip(priming ? 1 : 0)
              .forEach(
                  e ->
                      stream.emit(
                          e == answer
                              ? new SseEvent(e.id(), e.event(), json, e.retryMillis())
                              : e));
          stream.complete();
        });
    finish(200, null, true, (int) others + 1);
  }

  private byte[] respond(byte[] json) {
    if (!relay.policies.hasResponseHooks(ex)) {
      return json;
    }
    JsonRpcMessage answer = Messages.of(json);
    return answer == null ? json : relay.policies.response(ex, answer, json);
  }

  private Map<String, String> header(byte[] answer) {
    String version = InitializeResult.protocolVersion(answer);
    if (version == null) {
      return Map.of();
    }
    String sealed = relay.seal(ex, transport, upstreamSessionId, version);
    ex.attr(AccessLog.ISSUED_SESSION, sealed);
    return Relay.sessionHeader(sealed);
  }

  @Override
  public void streamEnded() {
    fail(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '"
                + ex.route().name()
                + "': the upstream ended its initialize stream without answering"));
  }

  @Override
  public void accepted(String sessionId) {
    fail(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '"
                + ex.route().name()
                + "': the upstream accepted initialize without answering it"));
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    Runnable refusal = () -> fail(Relay.failure(ex.route(), null, status, body, json));
    if (finished || deciding || (json && status < 500 && offered(body, refusal))) {
      return;
    }
    refusal.run();
  }

  @Override
  public void failed(GatewayException e) {
    fail(e);
  }

  private void fail(GatewayException e) {
    if (finished || deciding) {
      return;
    }
    if (transport == UpstreamTransport.SSE && upstreamSessionId != null) {
      relay.upstreams.abandonLegacy(upstreamSessionId);
    }
    int status = RpcErrors.statusForRequest(e.error());
    downstream.json(status, RpcErrors.body(ex.message().id(), e), Map.of());
    finish(status, e.error(), false, 0);
  }

  private void finish(int status, ErrorKey error, boolean streamed, int events) {
    finished = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
    downstream.finished(status, error, streamed, events);
  }
}
