package io.gatehouse.http.internal;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.spi.EdgeExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's side of one exchange. Every answer goes out on the connection's event loop; the first
 * one completes the exchange and later ones are dropped, so a late answer can never corrupt the
 * connection.
 */
final class EdgeExchangeImpl implements EdgeExchange {
  private static final Logger log = LoggerFactory.getLogger(EdgeExchangeImpl.class);

  private final ChannelHandlerContext ctx;
  private final EdgeHandler handler;
  private final EdgeHandler.Incoming in;
  private FullHttpRequest request;
  private boolean streaming;
  private volatile boolean done;
  private List<Runnable> onClose;
  private Runnable onWritable;

  EdgeExchangeImpl(ChannelHandlerContext ctx, EdgeHandler handler, EdgeHandler.Incoming in) {
    this.ctx = ctx;
    this.handler = handler;
    this.in = in;
    this.request =
        new DefaultFullHttpRequest(
            in.head.protocolVersion(),
            in.head.method(),
            in.head.uri(),
            in.body,
            in.head.headers(),
            EmptyHttpHeaders.INSTANCE);
  }

  @Override
  public FullHttpRequest request() {
    if (request == null) {
      throw new IllegalStateException(
          "the request is only available while the endpoint handles it");
    }
    return request;
  }

  void releaseRequest() {
    if (request != null) {
      request.release();
      request = null;
    }
  }

  @Override
  public String path() {
    return in.target.path();
  }

  @Override
  public String query() {
    return in.target.query();
  }

  @Override
  public EventLoop loop() {
    return ctx.channel().eventLoop();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) ctx.channel().remoteAddress();
  }

  @Override
  public void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
    if (!loop().inEventLoop()) {
      loop().execute(() -> respond(status, headers, body));
      return;
    }
    if (done || streaming) {
      body.release();
      return;
    }
    done = true;
    DefaultFullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            body,
            headers == null ? new DefaultHttpHeaders() : headers,
            EmptyHttpHeaders.INSTANCE);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    finish(res);
  }

  @Override
  public void startStream(HttpResponseStatus status, HttpHeaders headers) {
    if (!loop().inEventLoop()) {
      loop().execute(() -> startStream(status, headers));
      return;
    }
    if (done || streaming) {
      return;
    }
    streaming = true;
    DefaultHttpResponse head =
        new DefaultHttpResponse(
            HttpVersion.HTTP_1_1, status, headers == null ? new DefaultHttpHeaders() : headers);
    head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    if (!in.keepAlive) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.write(head, ctx.voidPromise());
  }

  @Override
  public void write(ByteBuf chunk) {
    if (!loop().inEventLoop()) {
      loop().execute(() -> write(chunk));
      return;
    }
    if (done || !streaming || !ctx.channel().isActive()) {
      chunk.release();
      return;
    }
    ctx.writeAndFlush(new DefaultHttpContent(chunk), ctx.voidPromise());
  }

  @Override
  public void end() {
    end(Unpooled.EMPTY_BUFFER);
  }

  @Override
  public void end(ByteBuf last) {
    if (!loop().inEventLoop()) {
      loop().execute(() -> end(last));
      return;
    }
    if (done || !streaming) {
      last.release();
      return;
    }
    done = true;
    finish(
        last.isReadable() ? new DefaultLastHttpContent(last) : LastHttpContent.EMPTY_LAST_CONTENT);
  }

  private void finish(Object last) {
    boolean close = !in.keepAlive || in.closeAfter;
    if (close && last instanceof DefaultFullHttpResponse res) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (!ctx.channel().isActive()) {
      io.netty.util.ReferenceCountUtil.release(last);
      return;
    }
    if (close) {
      ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(last, ctx.voidPromise());
    }
    handler.completed(this);
  }

  @Override
  public boolean isOpen() {
    return ctx.channel().isActive();
  }

  @Override
  public boolean isWritable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void onWritable(Runnable action) {
    if (!loop().inEventLoop()) {
      loop().execute(() -> onWritable(action));
      return;
    }
    if (ctx.channel().isWritable() || !ctx.channel().isActive()) {
      action.run();
    } else {
      onWritable = action;
    }
  }

  void writable() {
    Runnable r = onWritable;
    onWritable = null;
    if (r != null) {
      r.run();
    }
  }

  @Override
  public void onClose(Runnable action) {
    if (!loop().inEventLoop()) {
      loop().execute(() -> onClose(action));
      return;
    }
    if (done && !ctx.channel().isActive()) {
      action.run();
      return;
    }
    if (onClose == null) {
      onClose = new ArrayList<>(2);
    }
    onClose.add(action);
  }

  @Override
  public boolean isDone() {
    return done;
  }

  void connectionClosed() {
    done = true;
    Runnable w = onWritable;
    onWritable = null;
    if (w != null) {
      w.run();
    }
    if (onClose != null) {
      for (Runnable r : onClose) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("a close action of {} {} failed", in.head.method(), in.target.path(), e);
        }
      }
      onClose = null;
    }
  }

  /** Answers with a JSON error of {@code e}'s key. */
  void respondError(GatehouseException e, ErrorShape shape) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    respond(
        HttpResponseStatus.valueOf(e.error().httpStatus()),
        h,
        Unpooled.wrappedBuffer(shape.body(e)));
  }

  /**
   * Answers {@code INTERNAL_ERROR} for a failure no one anticipated, logging it under an incident
   * id.
   */
  void failUnexpectedly(Throwable t) {
    String incident = UUID.randomUUID().toString().substring(0, 8);
    log.error("incident {}: {} {}", incident, in.head.method(), in.target.path(), t);
    respondError(
        new GatehouseException(Errors.INTERNAL_ERROR, "internal error, incident " + incident),
        in.mount == null ? ErrorShape.REST : in.mount.errors());
  }

  /** Writes a JSON error to a connection whose request could not be read, then closes it. */
  static void writeErrorAndClose(ChannelHandlerContext ctx, GatehouseException e) {
    DefaultFullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(e.error().httpStatus()),
            Unpooled.wrappedBuffer(ErrorShape.REST.body(e)));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }
}
