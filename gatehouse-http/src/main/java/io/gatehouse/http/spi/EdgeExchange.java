package io.gatehouse.http.spi;

import io.gatehouse.http.HttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;

/**
 * One request to a {@link ChannelEndpoint} and the way back to its caller. Answer with {@link
 * #respond} once, or with {@link #startStream}, any number of {@link #write}s and {@link #end};
 * either completes the exchange, after which the connection serves its next request. Every method
 * may be called from any thread; writes are performed on the connection's event loop, in order.
 */
public interface EdgeExchange {

  /** The request, body included; valid only during {@link ChannelEndpoint#handle}. */
  FullHttpRequest request();

  /** The request's first header named {@code name} (any case), or null. */
  default String header(String name) {
    return request().headers().get(name);
  }

  /** The request path, runs of slashes collapsed, still percent-encoded. */
  String path();

  /** The raw query string without {@code ?}, or null. */
  String query();

  /**
   * The event loop of the caller's connection: the thread every callback of this exchange should
   * run on.
   */
  EventLoop loop();

  InetSocketAddress remoteAddress();

  /** Answers with a whole body and completes the exchange. Takes ownership of {@code body}. */
  void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body);

  /**
   * Answers with {@code response}: its body whole, or its stream writer run here, on the calling
   * thread, each piece sent as it is given (so call it off the event loop). A {@code HEAD} answer
   * ({@code head}) gets the status and headers only.
   *
   * @throws Exception what a stream writer threw after the head went out; the answer is ended
   */
  default void respond(HttpResponse response, boolean head) throws Exception {
    HttpHeaders h = new DefaultHttpHeaders();
    response.headers().forEach(e -> h.add(e.getKey(), e.getValue()));
    HttpResponseStatus status = HttpResponseStatus.valueOf(response.status());
    if (response.writer() == null || head) {
      respond(status, h, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
      return;
    }
    startStream(status, h);
    try {
      response.writer().write(chunk -> write(Unpooled.wrappedBuffer(chunk)));
    } finally {
      end();
    }
  }

  /** Sends the head of a streamed answer ({@code Transfer-Encoding: chunked}). */
  void startStream(HttpResponseStatus status, HttpHeaders headers);

  /** Sends one piece of a streamed answer and flushes it; takes ownership of {@code chunk}. */
  void write(ByteBuf chunk);

  /** Ends a streamed answer and completes the exchange. */
  void end();

  /**
   * Sends a last piece and ends the streamed answer, in one write; takes ownership of {@code last}.
   */
  void end(ByteBuf last);

  /** Whether the caller's connection takes more writes without queueing them in memory. */
  boolean isWritable();

  /**
   * Runs {@code action} on the event loop once the connection is writable again (at once if it is),
   * so a relay can stop reading its upstream while a slow caller catches up. One action at a time.
   */
  void onWritable(Runnable action);

  /** Whether the caller's connection is still open. */
  boolean isOpen();

  /**
   * Runs {@code action} on the event loop if the caller's connection closes before the exchange
   * completed.
   */
  void onClose(Runnable action);

  /** Whether the exchange is complete (answered, or its connection gone). */
  boolean isDone();
}
