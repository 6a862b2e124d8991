package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * Delivers a notification or a response upstream; the caller gets 202 once the upstream took it.
 */
final class DeliveryCall implements Answer {
  private final Relay relay;
  private final EventLoop loop;
  private final McpExchange ex;
  private final Forwarded fwd;
  private final Downstream downstream;
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private ScheduledFuture<?> deadline;
  private boolean finished;

  DeliveryCall(Relay relay, EventLoop loop, McpExchange ex, Forwarded fwd, Downstream downstream) {
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
            () -> {
              pending.abort();
              failed(UpstreamFailures.timeout(ex.route().name(), null));
            });
    pending = relay.upstreams.send(loop, ex, ex.session(), fwd, this);
  }

  @Override
  public void accepted(String upstreamSessionId) {
    delivered();
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    delivered();
  }

  @Override
  public void streamStarted(String upstreamSessionId) {
    pending.abort();
    delivered();
  }

  @Override
  public void event(SseEvent e) {}

  @Override
  public void streamEnded() {}

  private void delivered() {
    if (!finished) {
      downstream.accepted();
      finish(202, null, false, 0);
    }
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    failed(Relay.failure(ex.route(), ex.session(), status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    if (!finished) {
      downstream.json(e.error().httpStatus(), RpcErrors.body(null, e), Map.of());
      finish(e.error().httpStatus(), e.error(), false, 0);
    }
  }

  private void finish(int status, ErrorKey error, boolean streamed, int events) {
    finished = true;
    deadline.cancel(false);
    downstream.finished(status, error, streamed, events);
  }
}
