package io.gatehouse.http.internal;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.ErrorShape;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One caller connection: reads each request (head and body, with the mount's size limit), hands it
 * to the mount that serves its path, and serves the next request only once the current one is
 * answered, so answers leave in order even when a caller pipelines. Requests the HTTP codec could
 * not read get a JSON error and the connection closes; nothing here ever writes HTML.
 */
final class EdgeHandler extends ChannelInboundHandlerAdapter {
  /**
   * A body over the limit is still read, up to this much, so the caller sees the 413 rather than a
   * reset.
   */
  static final long DISCARD_BUDGET = 16L * 1024 * 1024;

  private static final int UNMOUNTED_MAX_BODY = 64 * 1024;

  private final List<Mount> mounts;
  private final RestRunner rest;
  private ChannelHandlerContext ctx;

  private Incoming receiving;
  private EdgeExchangeImpl active;
  private final ArrayDeque<Incoming> queued = new ArrayDeque<>(1);

  EdgeHandler(List<Mount> mounts, RestRunner rest) {
    this.mounts = mounts;
    this.rest = rest;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest head) {
        begin(head);
      }
      if (msg instanceof HttpContent content && receiving != null) {
        append(content);
        if (msg instanceof LastHttpContent) {
          Incoming done = receiving;
          receiving = null;
          arrived(done);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(HttpRequest head) {
    if (head.decoderResult().isFailure()) {
      refuseUnreadable(head.decoderResult().cause());
      return;
    }
    Paths.Target target = Paths.split(head.uri());
    Mount mount = find(target.path());
    int max = mount == null ? UNMOUNTED_MAX_BODY : mount.maxBodyBytes();
    long declared = HttpUtil.getContentLength(head, -1L);
    receiving =
        new Incoming(
            head, target, mount, max, HttpUtil.isKeepAlive(head), ctx.alloc().compositeBuffer(64));
    if (declared > max) {
      receiving.overflow();
    }
    if (HttpUtil.is100ContinueExpected(head)) {
      if (receiving.tooLarge) {
        receiving.closeAfter = true;
        Incoming refused = receiving;
        receiving = null;
        arrived(refused);
      } else {
        ctx.writeAndFlush(
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
      }
    }
  }

  private void append(HttpContent content) {
    Incoming in = receiving;
    int n = content.content().readableBytes();
    in.received += n;
    if (!in.tooLarge && in.received > in.maxBody) {
      in.overflow();
    }
    if (in.tooLarge) {
      if (in.received - in.maxBody > DISCARD_BUDGET) {
        in.closeAfter = true;
        receiving = null;
        arrived(in);
      }
      return;
    }
    if (n > 0) {
      in.body.addComponent(true, content.content().retain());
    }
  }

  private void arrived(Incoming in) {
    if (active != null) {
      queued.add(in);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    dispatch(in);
  }

  private void dispatch(Incoming in) {
    EdgeExchangeImpl ex = new EdgeExchangeImpl(ctx, this, in);
    active = ex;
    try {
      if (in.mount == null) {
        ex.respondError(
            new GatehouseException(
                Errors.NOT_FOUND, "nothing is served at " + abbreviate(in.target.path())),
            ErrorShape.REST);
      } else if (in.tooLarge) {
        GatehouseException tooLarge =
            new GatehouseException(
                Errors.BODY_TOO_LARGE,
                "the body is larger than this endpoint accepts ("
                    + (in.received > 0 ? in.received + " bytes or more; " : "")
                    + "limit: "
                    + in.maxBody
                    + " bytes)");
        switch (in.mount) {
          case Mount.Native n -> n.endpoint().refuse(ex, tooLarge);
          case Mount.Rest r -> ex.respondError(tooLarge, r.errors());
        }
      } else {
        switch (in.mount) {
          case Mount.Native n -> n.endpoint().handle(ex);
          case Mount.Rest r -> rest.run(ex, r);
        }
      }
    } catch (RuntimeException e) {
      ex.failUnexpectedly(e);
    } finally {
      ex.releaseRequest();
    }
  }

  /** The exchange answered: serve the next queued request, or read on. */
  void completed(EdgeExchangeImpl ex) {
    if (active != ex) {
      return;
    }
    active = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    Incoming next = queued.poll();
    if (next != null) {
      dispatch(next);
    } else if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void refuseUnreadable(Throwable cause) {
    GatehouseException e;
    if (cause instanceof TooLongHttpLineException) {
      e =
          new GatehouseException(
              Errors.URI_TOO_LONG,
              "the request line is longer than " + EdgeInitializer.MAX_INITIAL_LINE + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException
        || cause instanceof TooLongFrameException) {
      e =
          new GatehouseException(
              Errors.HEADERS_TOO_LARGE,
              "the request headers are larger than " + EdgeInitializer.MAX_HEADER_BYTES + " bytes");
    } else {
      e =
          new GatehouseException(
              Errors.INVALID_REQUEST,
              "the request is not valid HTTP/1.1: "
                  + abbreviate(String.valueOf(cause.getMessage())));
    }
    receiving = null;
    EdgeExchangeImpl.writeErrorAndClose(ctx, e);
  }

  private Mount find(String path) {
    for (Mount m : mounts) {
      if (m.matches(path)) {
        return m;
      }
    }
    return null;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    EdgeExchangeImpl ex = active;
    if (ex != null && ctx.channel().isWritable()) {
      ex.writable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && active == null && receiving == null) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    EdgeExchangeImpl ex = active;
    active = null;
    if (ex != null) {
      ex.connectionClosed();
    }
    if (receiving != null) {
      receiving.body.release();
      receiving = null;
    }
    for (Incoming q = queued.poll(); q != null; q = queued.poll()) {
      q.body.release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  /** A request as it arrives: its head, where it goes, and its body so far. */
  static final class Incoming {
    final HttpRequest head;
    final Paths.Target target;
    final Mount mount;
    final int maxBody;
    final boolean keepAlive;
    final CompositeByteBuf body;
    long received;
    boolean tooLarge;
    boolean closeAfter;

    Incoming(
        HttpRequest head,
        Paths.Target target,
        Mount mount,
        int maxBody,
        boolean keepAlive,
        CompositeByteBuf body) {
      this.head = head;
      this.target = target;
      this.mount = mount;
      this.maxBody = maxBody;
      this.keepAlive = keepAlive;
      this.body = body;
    }

    void overflow() {
      tooLarge = true;
      body.removeComponents(0, body.numComponents());
      body.clear();
    }
  }
}
