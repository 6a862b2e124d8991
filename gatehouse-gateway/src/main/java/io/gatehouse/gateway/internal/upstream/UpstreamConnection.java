package io.gatehouse.gateway.internal.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * The last handler of an upstream connection: hands what arrives to the exchange that holds the
 * connection.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
  private UpstreamExchange bound;
  private boolean keepAlive = true;
  private boolean informational;

  void bind(UpstreamExchange ex) {
    bound = ex;
    keepAlive = true;
  }

  void unbind(UpstreamExchange ex) {
    if (bound == ex) {
      bound = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      UpstreamExchange ex = bound;
      if (ex == null) {
        ctx.close();
        return;
      }
      if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
        bound = null;
        ctx.close();
        ex.unreadable(o.decoderResult().cause());
        return;
      }
      if (msg instanceof HttpResponse r) {
        informational = r.status().code() / 100 == 1;
        if (!informational) {
          keepAlive = HttpUtil.isKeepAlive(r);
          ex.head(r.status().code(), r.headers());
        }
      }
      if (msg instanceof HttpContent c && !informational) {
        if (c.content().isReadable()) {
          ex.content(c.content());
        }
        if (msg instanceof LastHttpContent) {
          bound = null;
          ex.end(keepAlive);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamExchange ex = bound;
    bound = null;
    if (ex != null) {
      ex.broken(new ClosedChannelException());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    UpstreamExchange ex = bound;
    bound = null;
    ctx.close();
    if (ex != null) {
      ex.broken(cause);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && bound == null) {
      ctx.close();
    }
  }
}
