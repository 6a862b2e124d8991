package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opens one pooled upstream session for the bridge, as a session-era client would (lifecycle,
 * 2025-11-25): {@code initialize} with the caller's capabilities, then {@code
 * notifications/initialized}; the session is ready once the upstream took that.
 */
final class BridgeOpening implements Upstreams.Opening {
  private final Upstreams upstreams;
  private final EventLoop loop;
  private final McpExchange ex;
  private final BridgeKey key;
  private final CompletableFuture<BridgeSession> done;
  private UpstreamTransport transport = UpstreamTransport.STREAMABLE_HTTP;
  private String handle;
  private ScheduledFuture<?> deadline;
  private boolean answered;

  BridgeOpening(
      Upstreams upstreams,
      EventLoop loop,
      McpExchange caller,
      BridgeKey key,
      byte[] initialize,
      CompletableFuture<BridgeSession> done) {
    this.upstreams = upstreams;
    this.loop = loop;
    this.ex = caller.withMessage(EnvelopeScanner.scan(initialize), initialize, null);
    this.key = key;
    this.done = done;
  }

  void start() {
    deadline =
        Timeouts.after(
            loop,
            ex.route().timeouts().request(),
            () -> fail(UpstreamFailures.timeout(ex.route().name(), null)));
    upstreams.open(loop, ex, Forwarded.NONE, this);
  }

  @Override
  public void opened(UpstreamTransport transport, String handle) {
    this.transport = transport;
    this.handle = handle;
  }

  @Override
  public void streamStarted(String upstreamSessionId) {
    remember(upstreamSessionId);
  }

  private void remember(String upstreamSessionId) {
    if (transport == UpstreamTransport.STREAMABLE_HTTP && upstreamSessionId != null) {
      handle = upstreamSessionId;
    }
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    remember(upstreamSessionId);
    if (answered || done.isDone()) {
      return;
    }
    answered = true;
    ObjectNode answer;
    try {
      answer = BridgeJson.read(json);
    } catch (RuntimeException e) {
      fail(notMcp("its initialize answer is no JSON object"));
      return;
    }
    if (!(answer.get("result") instanceof ObjectNode result)) {
      fail(
          new GatewayException(
              GatewayErrors.UPSTREAM_ERROR,
              "route '"
                  + ex.route().name()
                  + "': the upstream refused the bridge's initialize: "
                  + answer.path("error").path("message").asString("no result")));
      return;
    }
    SessionToken token =
        new SessionToken(
            ex.route().name(),
            transport,
            handle,
            result.path("protocolVersion").asString(""),
            Long.MAX_VALUE,
            ex.principalId());
    initialized(new BridgeSession(key, token, result, ex, loop));
  }

  /** Sends {@code notifications/initialized}; the session is ready once the upstream took it. */
  private void initialized(BridgeSession s) {
    byte[] note = BridgeJson.notification(McpMethods.INITIALIZED);
    JsonRpcMessage m = EnvelopeScanner.scan(note);
    upstreams.send(
        loop,
        ex.withMessage(m, note, s.token),
        s.token,
        BridgeCall.forwarded(s.token, List.of()),
        new Relay.Quiet(ex.route()) {
          @Override
          public void accepted(String id) {
            ready(s);
          }

          @Override
          public void message(String id, byte[] json) {
            ready(s);
          }

          @Override
          public void refused(int status, byte[] body, boolean json) {
            fail(Relay.failure(ex.route(), null, status, body, json));
          }

          @Override
          public void failed(GatewayException e) {
            fail(e);
          }
        });
  }

  private void ready(BridgeSession s) {
    deadline.cancel(false);
    done.complete(s);
  }

  @Override
  public void event(SseEvent e) {
    JsonRpcMessage m = Messages.of(e);
    if (m != null && m.isResponse() && ex.message().id().equals(m.id())) {
      message(null, e.data());
    }
  }

  @Override
  public void streamEnded() {
    if (!answered) {
      fail(notMcp("it ended its initialize stream without answering"));
    }
  }

  @Override
  public void accepted(String upstreamSessionId) {
    fail(notMcp("it accepted initialize without answering it"));
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    fail(Relay.failure(ex.route(), null, status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    fail(e);
  }

  private GatewayException notMcp(String why) {
    return new GatewayException(
        GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
        "route '" + ex.route().name() + "': the bridge could not open an upstream session: " + why);
  }

  private void fail(GatewayException e) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (!done.isDone() && transport == UpstreamTransport.SSE && handle != null) {
      upstreams.abandonLegacy(handle);
    }
    done.completeExceptionally(e);
  }
}
