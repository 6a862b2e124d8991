package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.sse.SseEvent;

/**
 * One upstream exchange of the reverse bridge, which sends several for one client request (MRTR
 * retries) or one GET stream (a {@code subscriptions/listen} reopened with a new filter): once
 * {@link #retire retired}, whatever the aborted exchange still reports is dropped, so it cannot end
 * the one that replaced it.
 */
final class ReverseRound extends ForwardingAnswer {
  private boolean retired;

  ReverseRound(Answer next) {
    super(next);
  }

  /** Stops passing anything on; on the exchange's loop. */
  void retire() {
    retired = true;
  }

  @Override
  public void accepted(String upstreamSessionId) {
    if (!retired) {
      super.accepted(upstreamSessionId);
    }
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    if (!retired) {
      super.message(upstreamSessionId, json);
    }
  }

  @Override
  public void streamStarted(String upstreamSessionId) {
    if (!retired) {
      super.streamStarted(upstreamSessionId);
    }
  }

  @Override
  public void event(SseEvent e) {
    if (!retired) {
      super.event(e);
    }
  }

  @Override
  public void streamEnded() {
    if (!retired) {
      super.streamEnded();
    }
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    if (!retired) {
      super.refused(status, body, json);
    }
  }

  @Override
  public void failed(GatewayException e) {
    if (!retired) {
      super.failed(e);
    }
  }
}
