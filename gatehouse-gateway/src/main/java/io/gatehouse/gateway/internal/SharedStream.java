package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;

/**
 * A legacy HTTP+SSE caller's one event stream, shared by all its requests. Messages go out as plain
 * {@code message} events; the legacy transport has no ids and no resumption, and the stream stays
 * open when one request completes.
 */
record SharedStream(EventStream writer) implements DownstreamStream {

  @Override
  public void prime(SseEvent upstreamPriming) {}

  @Override
  public void emit(SseEvent upstreamEvent) {
    if (upstreamEvent.hasData() && upstreamEvent.isMessage()) {
      emitMessage(upstreamEvent.data());
    }
  }

  @Override
  public void emitMessage(byte[] json) {
    writer.write(SseEncoder.encode(new SseEvent(null, "message", json, -1)));
  }

  @Override
  public void complete() {}

  @Override
  public void park() {}

  @Override
  public void throttle(Runnable pause, Runnable resume) {
    writer.throttle(pause, resume);
  }

  @Override
  public boolean isAttached() {
    return !writer.isGone();
  }
}
