package io.gatehouse.gateway.internal;

import java.time.Duration;

/** A reply that is already known. */
record ImmediateReply(UpstreamReply reply, String sessionId) implements PendingReply {

  @Override
  public UpstreamReply await(Duration wait) {
    return reply;
  }

  @Override
  public UpstreamReply await() {
    return reply;
  }

  @Override
  public void abort() {
    if (reply instanceof UpstreamReply.Events e) {
      e.source().close();
    }
  }
}
