package spike;

import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.*;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** Spike (c): Netty 4.2 epoll, the upstream connection of a call on the downstream's event loop. */
public final class NettyProxy {
  static final AttributeKey<Pending> PENDING = AttributeKey.valueOf("pending");
  static SessionSealer sealer;
  static InetSocketAddress upstream;
  static String upstreamHost;
  static String upstreamPath;

  static final FastThreadLocal<ArrayDeque<Channel>> POOL = new FastThreadLocal<>() {
    @Override protected ArrayDeque<Channel> initialValue() { return new ArrayDeque<>(); }
  };

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    URI up = URI.create(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    upstream = new InetSocketAddress(up.getHost(), up.getPort());
    upstreamHost = up.getHost() + ":" + up.getPort();
    upstreamPath = up.getPath();
    sealer = new SessionSealer(new byte[32]);
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
    new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(4 << 20), new Downstream());
          }
        }).bind("127.0.0.1", port).sync();
    System.out.println("netty spike on " + port);
    Thread.currentThread().join();
  }

  /** One call in flight: the downstream channel waiting for the upstream's answer. */
  static final class Pending {
    final Channel downstream;
    final boolean keepAlive;
    final boolean initialize;
    final String version;
    CompositeByteBuf body;
    HttpResponse head;
    boolean streaming;

    Pending(Channel downstream, boolean keepAlive, boolean initialize, String version) {
      this.downstream = downstream;
      this.keepAlive = keepAlive;
      this.initialize = initialize;
      this.version = version;
    }
  }

  static final class Downstream extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (!req.uri().startsWith("/mcp/")) {
        reply(ctx.channel(), HttpResponseStatus.NOT_FOUND, "{\"error\":\"nf\"}", HttpUtil.isKeepAlive(req));
        return;
      }
      ByteBuf content = req.content();
      byte[] bytes = ByteBufUtil.getBytes(content);
      JsonRpcMessage m = EnvelopeScanner.scan(bytes);
      String upstreamSession = null;
      String version = req.headers().get("MCP-Protocol-Version");
      if (!m.isInitialize()) {
        SessionToken t = sealer.open(req.headers().get("Mcp-Session-Id"));
        if (t == null) {
          reply(ctx.channel(), HttpResponseStatus.NOT_FOUND, "{\"error\":\"session\"}", HttpUtil.isKeepAlive(req));
          return;
        }
        upstreamSession = t.upstreamSessionId();
        version = t.protocolVersion();
      }
      DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, req.method(), upstreamPath,
          Unpooled.wrappedBuffer(bytes));
      HttpHeaders h = out.headers();
      h.set(HttpHeaderNames.HOST, upstreamHost);
      h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      h.set(HttpHeaderNames.ACCEPT, "application/json, text/event-stream");
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
      if (upstreamSession != null && !upstreamSession.isEmpty()) {
        h.set("Mcp-Session-Id", upstreamSession);
      }
      if (version != null) {
        h.set("MCP-Protocol-Version", version);
      }
      Pending p = new Pending(ctx.channel(), HttpUtil.isKeepAlive(req), m.isInitialize(),
          m.isInitialize() ? m.protocolVersion() : version);
      send(ctx.channel().eventLoop(), out, p);
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  static void send(EventLoop loop, FullHttpRequest out, Pending p) {
    ArrayDeque<Channel> pool = POOL.get();
    Channel ch;
    while ((ch = pool.pollLast()) != null) {
      if (ch.isActive()) {
        ch.attr(PENDING).set(p);
        ch.writeAndFlush(out, ch.voidPromise());
        return;
      }
    }
    new Bootstrap().group(loop).channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override protected void initChannel(SocketChannel c) {
            c.pipeline().addLast(new HttpClientCodec(), new Upstream());
          }
        }).connect(upstream).addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            out.release();
            reply(p.downstream, HttpResponseStatus.BAD_GATEWAY, "{\"error\":\"upstream\"}", false);
            return;
          }
          f.channel().attr(PENDING).set(p);
          f.channel().writeAndFlush(out, f.channel().voidPromise());
        });
  }

  static final class Upstream extends ChannelInboundHandlerAdapter {
    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Pending p = ctx.channel().attr(PENDING).get();
      if (msg instanceof HttpResponse r) {
        p.head = r;
        String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.startsWith("text/event-stream")) {
          p.streaming = true;
          DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status());
          head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
          head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
          head.headers().set("X-Accel-Buffering", "no");
          HttpUtil.setTransferEncodingChunked(head, true);
          if (p.initialize) {
            head.headers().set("Mcp-Session-Id", seal(p, r));
          }
          p.downstream.write(head, p.downstream.voidPromise());
        } else {
          p.body = ctx.alloc().compositeBuffer();
        }
      }
      if (msg instanceof HttpContent c) {
        boolean last = msg instanceof LastHttpContent;
        if (p.streaming) {
          if (last) {
            p.downstream.writeAndFlush(new DefaultLastHttpContent(c.content()), p.downstream.voidPromise());
          } else {
            p.downstream.writeAndFlush(new DefaultHttpContent(c.content()), p.downstream.voidPromise());
          }
        } else {
          p.body.addComponent(true, c.content());
        }
        if (last) {
          ctx.channel().attr(PENDING).set(null);
          if (!p.streaming) {
            finish(p);
          } else if (!p.keepAlive) {
            p.downstream.close();
          }
          POOL.get().addLast(ctx.channel());
        }
      }
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  static void finish(Pending p) {
    DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, p.head.status(), p.body);
    HttpHeaders h = res.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, p.head.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, p.body.readableBytes());
    if (p.initialize) {
      h.set("Mcp-Session-Id", seal(p, p.head));
    }
    if (!p.keepAlive) {
      p.downstream.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    } else {
      p.downstream.writeAndFlush(res, p.downstream.voidPromise());
    }
  }

  static String seal(Pending p, HttpResponse r) {
    return sealer.seal(new SessionToken("echo", UpstreamTransport.STREAMABLE_HTTP, r.headers().get("Mcp-Session-Id"),
        p.version, System.currentTimeMillis() / 1000 + 86400, ""));
  }

  static void reply(Channel ch, HttpResponseStatus status, String body, boolean keepAlive) {
    DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    if (keepAlive) {
      ch.writeAndFlush(res, ch.voidPromise());
    } else {
      ch.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
