package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.Map;

/**
 * The caller's side of one message exchange, as the relays see it: a Streamable HTTP POST (answered
 * as JSON or with an event stream of its own) or a legacy client's message (answered on its one
 * stream).
 */
interface Downstream {

  /** Whether the caller accepts {@code text/event-stream} answers. */
  boolean acceptsEventStream();

  /** Answers with one JSON message; {@code headers} such as {@code Mcp-Session-Id} go with it. */
  void json(int status, byte[] json, Map<String, String> headers);

  /** Answers a notification or response with 202 (or its equivalent). */
  void accepted();

  /** Opens the event stream that carries the answer, with extra response headers. At most once. */
  DownstreamStream open(Map<String, String> headers);

  /**
   * Whether this caller can take a whole answer as an event stream of its own ({@link
   * #answerWithEvent}); a legacy caller, with its one shared stream, cannot.
   */
  default boolean takesWholeAnswers() {
    return false;
  }

  /**
   * Answers with one complete event, the whole answer, as an event stream that ends with it: no
   * stream machinery (event ids, a resumption log, keep-alives), since nothing is left to resume.
   * Only when {@link #takesWholeAnswers}.
   */
  default void answerWithEvent(SseEvent answer) {
    throw new UnsupportedOperationException("this caller takes no whole answers");
  }

  /**
   * The event stream that opened (primed) while the policies were still deciding, which the answer
   * then goes on; null when none did.
   */
  default DownstreamStream openedEarly() {
    return null;
  }

  /** Runs {@code action} once if the caller's connection closes before the answer went out. */
  void onGone(Runnable action);

  /**
   * The exchange has ended: tells the policies what the caller saw, and forgets what is not
   * retained.
   */
  void finished(int status, ErrorKey error, boolean streamed, int events);
}
