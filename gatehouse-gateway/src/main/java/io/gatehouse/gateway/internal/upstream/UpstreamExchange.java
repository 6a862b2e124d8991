package io.gatehouse.gateway.internal.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;

/**
 * One request to an upstream and its answer, on one event loop. {@link #abort} ends it from the
 * caller's side (its connection is closed, never reused); {@link #pause} and {@link #resume} stop
 * and restart reading the answer, so a slow caller slows the upstream down instead of filling
 * memory.
 */
public final class UpstreamExchange {
  private final UpstreamClient client;
  private final EventLoop loop;
  private final UpstreamRequest request;
  private final UpstreamListener listener;
  private final Origin origin;
  private Channel channel;
  private boolean reused;
  private boolean retried;
  private boolean answered;
  private boolean done;

  UpstreamExchange(
      UpstreamClient client,
      EventLoop loop,
      UpstreamRequest request,
      Origin origin,
      UpstreamListener listener) {
    this.client = client;
    this.loop = loop;
    this.request = request;
    this.listener = listener;
    this.origin = origin;
  }

  void start() {
    Channel pooled = client.pooled(origin);
    if (pooled != null) {
      reused = true;
      bind(pooled);
    } else {
      connect();
    }
  }

  private void connect() {
    reused = false;
    client
        .connect(loop, origin, (int) request.connectTimeout().toMillis())
        .addListener(
            (Future<Channel> f) -> {
              if (!f.isSuccess()) {
                if (!done) {
                  done = true;
                  listener.onFailure(f.cause(), false);
                }
              } else if (done) {
                f.getNow().close();
              } else {
                bind(f.getNow());
              }
            });
  }

  private void bind(Channel c) {
    channel = c;
    ((UpstreamConnection) c.pipeline().get("upstream")).bind(this);
    ByteBuf body =
        request.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(request.body());
    HttpHeaders h = request.headers();
    h.set(HttpHeaderNames.HOST, origin.authority());
    if (request.body() != null) {
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
    }
    // A failed write reaches the connection's exceptionCaught, which closes it and reports it
    // broken.
    c.writeAndFlush(
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            request.method(),
            request.target(),
            body,
            h,
            EmptyHttpHeaders.INSTANCE),
        c.voidPromise());
  }

  void head(int status, HttpHeaders headers) {
    answered = true;
    if (!done) {
      listener.onHead(status, headers);
    }
  }

  void content(ByteBuf content) {
    if (!done) {
      listener.onContent(content);
    }
  }

  void end(boolean keepAlive) {
    Channel c = channel;
    channel = null;
    if (done) {
      c.close();
      return;
    }
    done = true;
    if (keepAlive) {
      client.release(origin, c);
    } else {
      c.close();
    }
    listener.onEnd();
  }

  /** The connection broke while this exchange had it. */
  void broken(Throwable cause) {
    channel = null;
    if (done) {
      return;
    }
    if (reused && !answered && !retried) {
      // A kept-alive connection the upstream had closed: the request never reached it. Once, on a
      // new one.
      retried = true;
      connect();
      return;
    }
    done = true;
    listener.onFailure(cause, answered);
  }

  /** The upstream's answer is not HTTP the codec can read; never retried. */
  void unreadable(Throwable cause) {
    channel = null;
    if (!done) {
      done = true;
      listener.onFailure(cause, true);
    }
  }

  /** Gives up on the answer; the connection is closed. Safe to call more than once. */
  public void abort() {
    if (!loop.inEventLoop()) {
      loop.execute(this::abort);
      return;
    }
    if (done) {
      return;
    }
    done = true;
    Channel c = channel;
    channel = null;
    if (c != null) {
      ((UpstreamConnection) c.pipeline().get("upstream")).unbind(this);
      c.close();
    }
  }

  public void pause() {
    Channel c = channel;
    if (c != null) {
      c.config().setAutoRead(false);
    }
  }

  public void resume() {
    Channel c = channel;
    if (c != null && !c.config().isAutoRead()) {
      c.config().setAutoRead(true);
    }
  }

  public boolean isDone() {
    return done;
  }
}
