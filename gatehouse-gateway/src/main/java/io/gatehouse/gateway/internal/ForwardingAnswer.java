package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.sse.SseEvent;

/** An {@link Answer} that passes everything on; subclasses intercept what they need. */
class ForwardingAnswer implements Answer {
  private final Answer next;

  ForwardingAnswer(Answer next) {
    this.next = next;
  }

  @Override
  public void accepted(String upstreamSessionId) {
    next.accepted(upstreamSessionId);
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    next.message(upstreamSessionId, json);
  }

  @Override
  public void streamStarted(String upstreamSessionId) {
    next.streamStarted(upstreamSessionId);
  }

  @Override
  public void event(SseEvent e) {
    next.event(e);
  }

  @Override
  public void streamEnded() {
    next.streamEnded();
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    next.refused(status, body, json);
  }

  @Override
  public void failed(GatewayException e) {
    next.failed(e);
  }
}
