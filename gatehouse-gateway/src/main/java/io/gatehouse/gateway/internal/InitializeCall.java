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

/**
 * Relays {@code initialize}. Unlike other requests it waits for the whole answer before answering,
 * so the session id it issues can carry the protocol version the upstream negotiated, and no id is
 * issued when the upstream refused. The answer goes back as JSON unless the upstream sent more than
 * the result.
 */
final class InitializeCall implements Upstreams.Opening {
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
  private java.util.concurrent.ScheduledFuture<?> deadline;

  InitializeCall(
      Relay relay, EventLoop loop, McpExchange ex, Forwarded fwd, Downstream downstream) {
    this.relay = relay;
    this.loop = loop;
    this.ex = ex;
    this.fwd = fwd;
    this.downstream = downstream;
  }

  void start() {
    deadline =
        Timeouts.after(
            loop,
            ex.route().timeouts().request(),
            () -> fail(UpstreamFailures.timeout(ex.route().name(), null)));
    relay.upstreams.open(loop, ex, fwd, this);
  }

  @Override
  public void opened(UpstreamTransport transport, String handle) {
    this.transport = transport;
    this.upstreamSessionId = handle;
  }

  @Override
  public void message(String sessionId, byte[] json) {
    if (finished) {
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
    if (finished) {
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
    if (msg != null && msg.isResponse() && ex.message().id().equals(msg.id())) {
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
    fail(Relay.failure(ex.route(), null, status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    fail(e);
  }

  private void fail(GatewayException e) {
    if (finished) {
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
