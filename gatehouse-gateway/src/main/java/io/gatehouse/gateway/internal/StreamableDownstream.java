package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.protocol.JsonRpcId;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** A Streamable HTTP caller's POST: answered with JSON by the edge, or with a resumable event stream here. */
final class StreamableDownstream implements Downstream {
  private final Response response;
  private final Callback callback;
  private final boolean acceptsEventStream;
  private final JsonRpcId requestId;
  private final String sessionId;
  private final LocalSessions sessions;
  private final KeepAlive keepAlive;
  private final GatewaySettings settings;
  private ResumableStream stream;

  StreamableDownstream(Response response, Callback callback, boolean acceptsEventStream, JsonRpcId requestId,
      String sessionId,
      LocalSessions sessions, KeepAlive keepAlive, GatewaySettings settings) {
    this.response = response;
    this.callback = callback;
    this.acceptsEventStream = acceptsEventStream;
    this.requestId = requestId;
    this.sessionId = sessionId;
    this.sessions = sessions;
    this.keepAlive = keepAlive;
    this.settings = settings;
  }

  @Override
  public boolean acceptsEventStream() {
    return acceptsEventStream;
  }

  @Override
  public DownstreamStream open(Map<String, String> headers) {
    if (stream != null) {
      throw new IllegalStateException("the event stream is already open");
    }
    EventStreamWriter writer = new EventStreamWriter(response, callback, headers);
    stream = new ResumableStream(streamKey(), requestId, writer, keepAlive, settings.sseRetry().toMillis(), settings.resumeBufferBytes());
    if (sessionId != null) {
      sessions.state(sessionId).add(stream);
    }
    return stream;
  }

  /** Whether the answer went out as an event stream (the edge then writes nothing). */
  boolean isStreaming() {
    return stream != null;
  }

  /** After the relay: forgets the stream unless its caller may come back for it. */
  void finished() {
    if (stream != null && sessionId != null) {
      SessionState state = sessions.peek(sessionId);
      if (state != null) {
        state.release(stream);
      }
      sessions.release(sessionId);
    }
  }

  static String streamKey() {
    return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }
}
