package io.gatehouse.gateway.internal.upstream;

import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.UpstreamProxy;
import io.gatehouse.http.IoLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The gateway's HTTP/1.1 client toward upstreams. Connections are pooled per event loop: an
 * exchange runs on the loop of the caller's connection and takes a kept-alive connection that loop
 * owns, so a relayed call never changes threads (no selector hand-offs, no locks). A pooled
 * connection that turns out to be closed before anything was answered is replaced once,
 * transparently.
 */
public final class UpstreamClient implements AutoCloseable {
  private static final int MAX_IDLE_PER_ORIGIN = 256;
  private static final long IDLE_SECONDS = 60;

  /**
   * Upstream answers' heads are read without Netty's header-name checks: only a few are ever looked
   * at.
   */
  private static final HttpDecoderConfig ANSWERS =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(8192)
          .setMaxHeaderSize(32 * 1024)
          .setMaxChunkSize(64 * 1024)
          .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false));

  private final Map<java.net.URI, Origin> origins = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<io.gatehouse.gateway.UpstreamTls, SslContext> contexts =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final IoLoops loops;
  private final FastThreadLocal<Map<Origin, ArrayDeque<Channel>>> pools =
      new FastThreadLocal<>() {
        @Override
        protected Map<Origin, ArrayDeque<Channel>> initialValue() {
          return new HashMap<>();
        }
      };
  private final EgressResolver resolver;
  private volatile SslContext tls;

  public UpstreamClient(IoLoops loops, Egress egress) {
    this.loops = loops;
    this.resolver = new EgressResolver(egress);
  }

  /** Starts {@code request}; call on {@code loop}, where {@code listener} is then called. */
  public UpstreamExchange send(EventLoop loop, UpstreamRequest request, UpstreamListener listener) {
    Origin origin =
        request.tls() == null && request.proxy() == null
            ? origins.computeIfAbsent(request.url(), u -> Origin.of(u, null, null))
            : Origin.of(request.url(), request.tls(), request.proxy());
    if (origins.size() > 10_000) {
      origins.clear();
    }
    UpstreamExchange ex = new UpstreamExchange(this, loop, request, origin, listener);
    ex.start();
    return ex;
  }

  /** A pooled connection to {@code origin} on the current loop, or null. */
  Channel pooled(Origin origin) {
    ArrayDeque<Channel> idle = pools.get().get(origin);
    if (idle == null) {
      return null;
    }
    for (Channel c = idle.pollLast(); c != null; c = idle.pollLast()) {
      if (c.isActive()) {
        return c;
      }
    }
    return null;
  }

  /** Returns a connection whose exchange ended cleanly to the current loop's pool. */
  void release(Origin origin, Channel c) {
    ArrayDeque<Channel> idle = pools.get().computeIfAbsent(origin, o -> new ArrayDeque<>());
    if (idle.size() >= MAX_IDLE_PER_ORIGIN || !c.isActive()) {
      c.close();
      return;
    }
    idle.addLast(c);
  }

  /**
   * A new connection to {@code origin}, through its proxy when it has one ({@link ProxiedConnect});
   * the future completes once requests can be written.
   */
  Future<Channel> connect(EventLoop loop, Origin origin, int connectTimeoutMillis) {
    int timeout = Math.max(1, connectTimeoutMillis);
    if (origin.proxy() != null) {
      return ProxiedConnect.open(
          loop,
          origin,
          resolver.getResolver(loop),
          proxyAddress ->
              bootstrap(loop, origin, timeout, proxyAddress)
                  .resolver(NoopAddressResolverGroup.INSTANCE));
    }
    Promise<Channel> opened = loop.newPromise();
    ChannelFuture f =
        bootstrap(loop, origin, timeout, null)
            .resolver(resolver)
            .connect(origin.host(), origin.port());
    f.addListener(
        done -> {
          if (done.isSuccess()) {
            opened.trySuccess(f.channel());
          } else {
            opened.tryFailure(done.cause());
          }
        });
    return opened;
  }

  private Bootstrap bootstrap(
      EventLoop loop, Origin origin, int timeout, InetSocketAddress proxyAddress) {
    return new Bootstrap()
        .group(loop)
        .channel(loops.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeout)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                if (proxyAddress != null) {
                  ch.pipeline()
                      .addLast("proxy", proxyHandler(origin.proxy(), proxyAddress, timeout));
                }
                if (origin.tls()) {
                  ch.pipeline().addLast("tls", tlsHandler(ch, origin));
                }
                ch.pipeline()
                    .addLast(
                        "http",
                        new HttpClientCodec(
                            ANSWERS,
                            HttpClientCodec.DEFAULT_PARSE_HTTP_AFTER_CONNECT_REQUEST,
                            HttpClientCodec.DEFAULT_FAIL_ON_MISSING_RESPONSE))
                    .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                    .addLast("upstream", new UpstreamConnection());
              }
            });
  }

  /** The first handler of a proxied connection: {@code CONNECT}, with Basic credentials if any. */
  private static HttpProxyHandler proxyHandler(
      UpstreamProxy proxy, InetSocketAddress address, int timeout) {
    HttpProxyHandler h =
        proxy.credential() == null
            ? new HttpProxyHandler(address)
            : new HttpProxyHandler(address, proxy.user(), proxy.password());
    h.setConnectTimeoutMillis(timeout);
    return h;
  }

  private SslHandler tlsHandler(Channel ch, Origin origin) {
    if (contexts.size() > 256) {
      contexts.clear(); // options of connections changed since: made again on their next use
    }
    SslContext context =
        origin.options() == null
            ? tls()
            : contexts.computeIfAbsent(origin.options(), UpstreamClient::context);
    SslHandler h = context.newHandler(ch.alloc(), origin.host(), origin.port());
    SSLParameters p = h.engine().getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    h.engine().setSSLParameters(p);
    return h;
  }

  private SslContext tls() {
    SslContext c = tls;
    if (c == null) {
      try {
        c = SslContextBuilder.forClient().build();
      } catch (SSLException e) {
        throw new IllegalStateException("TLS is not available in this JDK", e);
      }
      tls = c;
    }
    return c;
  }

  /** A client context trusting the options' CAs and presenting their client certificate. */
  private static SslContext context(io.gatehouse.gateway.UpstreamTls o) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
      if (o.trustedCas() != null) {
        b.trustManager(pem(o.trustedCas()));
      }
      if (o.clientCertificate() != null) {
        b.keyManager(pem(o.clientCertificate()), pem(o.clientKey().reveal()));
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      // the message names the part that could not be read, never its content
      throw new IllegalArgumentException(
          "the connection's TLS options could not be read (PEM certificates and a PKCS#8 key"
              + " expected)");
    }
  }

  private static java.io.InputStream pem(String text) {
    return new java.io.ByteArrayInputStream(
        text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    // The connections belong to the I/O loops, which close them when they shut down.
  }
}
