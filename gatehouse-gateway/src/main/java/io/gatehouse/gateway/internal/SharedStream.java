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
    send(upstreamEvent);
  }

  @Override
  public void emitMessage(byte[] json) {
    send(json);
  }

  /** Sends a message event if {@code upstreamEvent} is one; the bytes that went out. */
  int send(SseEvent upstreamEvent) {
    return upstreamEvent.hasData() && upstreamEvent.isMessage() ? send(upstreamEvent.data()) : 0;
  }

  /** Sends {@code json} as a message event; the bytes that went out. */
  int send(byte[] json) {
    byte[] event = SseEncoder.encode(new SseEvent(null, "message", json, -1));
    return writer.write(event) ? event.length : 0;
  }

  /** This stream as one request's answer sees it, counting the bytes that go to {@code call}. */
  DownstreamStream countedFor(HttpCall call) {
    return new Counted(this, call);
  }

  private record Counted(SharedStream shared, HttpCall call) implements DownstreamStream {
    @Override
    public void prime(SseEvent upstreamPriming) {}

    @Override
    public void emit(SseEvent upstreamEvent) {
      call.sentElsewhere(shared.send(upstreamEvent));
    }

    @Override
    public void emitMessage(byte[] json) {
      call.sentElsewhere(shared.send(json));
    }

    @Override
    public void complete() {}

    @Override
    public void park() {}

    @Override
    public void throttle(Runnable pause, Runnable resume) {
      shared.throttle(pause, resume);
    }

    @Override
    public boolean isAttached() {
      return shared.isAttached();
    }
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
