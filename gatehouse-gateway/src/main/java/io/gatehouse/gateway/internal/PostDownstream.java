package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Streamable HTTP caller's POST: answered with JSON, or with a resumable event stream of its own.
 */
final class PostDownstream implements Downstream {
  private final HttpCall call;
  private final boolean acceptsEventStream;
  private final JsonRpcId requestId;
  private final String sessionId;
  private final LocalSessions sessions;
  private final GatewaySettings settings;
  private ResumableStream stream;
  private java.util.concurrent.ScheduledFuture<?> pendingTimer;
  private boolean decided;
  private boolean openedEarly;

  PostDownstream(
      HttpCall call,
      boolean acceptsEventStream,
      JsonRpcId requestId,
      String sessionId,
      LocalSessions sessions,
      GatewaySettings settings) {
    this.call = call;
    this.acceptsEventStream = acceptsEventStream;
    this.requestId = requestId;
    this.sessionId = sessionId;
    this.sessions = sessions;
    this.settings = settings;
  }

  @Override
  public boolean acceptsEventStream() {
    return acceptsEventStream;
  }

  @Override
  public void json(int status, byte[] json, Map<String, String> headers) {
    call.json(status, json, headers);
  }

  @Override
  public void accepted() {
    call.empty(202, Map.of());
  }

  @Override
  public boolean takesWholeAnswers() {
    return acceptsEventStream;
  }

  @Override
  public void answerWithEvent(SseEvent answer) {
    call.event(200, SseEncoder.encode(answer), Map.of());
  }

  @Override
  public DownstreamStream open(Map<String, String> headers) {
    if (stream != null) {
      throw new IllegalStateException("the event stream is already open");
    }
    EventStream writer = call.openStream(headers, settings.keepAlive());
    stream =
        new ResumableStream(
            streamKey(),
            requestId,
            writer,
            settings.sseRetry().toMillis(),
            settings.resumeBufferBytes());
    if (sessionId != null) {
      sessions.state(sessionId).add(stream);
    }
    return stream;
  }

  /**
   * Opens the event stream (primed, so keep-alives flow) if the message policies are still deciding
   * after {@code after}: a call held for a person's approval, say, must not look idle to proxies
   * and clients that cut quiet connections. Only for a caller that takes event streams.
   */
  void streamWhilePending(io.netty.channel.EventLoop loop, java.time.Duration after) {
    if (!acceptsEventStream) {
      return;
    }
    pendingTimer =
        Timeouts.after(
            loop,
            after,
            () -> {
              if (!decided && stream == null) {
                openedEarly = true;
                open(Map.of()).prime(null);
              }
            });
  }

  /**
   * Sends {@code json} on the event stream while the message policies still decide, opening (and
   * priming) the stream first if it is not open; dropped once they have decided. On the loop.
   */
  void sendWhilePending(byte[] json) {
    if (decided || !acceptsEventStream) {
      return;
    }
    if (stream == null) {
      openedEarly = true;
      open(Map.of()).prime(null);
    }
    stream.emitMessage(json);
  }

  /**
   * The message policies have decided: no stream opens for them any more. Returns the stream opened
   * while they decided, or null.
   */
  DownstreamStream decided() {
    decided = true;
    if (pendingTimer != null) {
      pendingTimer.cancel(false);
    }
    return openedEarly ? stream : null;
  }

  /** Whether the message policies have decided. */
  boolean isDecided() {
    return decided;
  }

  @Override
  public DownstreamStream openedEarly() {
    return openedEarly ? stream : null;
  }

  @Override
  public void onGone(Runnable action) {
    call.edge.onClose(action);
  }

  @Override
  public void finished(int status, ErrorKey error, boolean streamed, int events) {
    if (stream != null && sessionId != null) {
      SessionState state = sessions.peek(sessionId);
      if (state != null) {
        state.release(stream);
      }
      sessions.release(sessionId);
    }
    call.report(status, error, streamed, events);
  }

  static String streamKey() {
    return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }
}
