package io.gatehouse.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The process's I/O threads: one event loop per CPU (or as configured), epoll on Linux and NIO
 * elsewhere. The HTTP edge accepts callers on them and the gateway opens its upstream connections
 * on the loop of the caller's connection, so a call never changes threads. Nothing that blocks may
 * run on them.
 */
public final class IoLoops implements AutoCloseable {
  private final EventLoopGroup group;
  private final boolean epoll;

  private IoLoops(int threads) {
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("gatehouse-io", true), io);
  }

  /**
   * Loads the native transport and the HTTP codec, so a process can do it on a spare core while it
   * starts.
   */
  public static void preload() {
    Epoll.isAvailable();
    new io.netty.handler.codec.http.HttpServerCodec();
  }

  /**
   * @param threads how many event loops; 0 means one per available processor
   */
  public static IoLoops start(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("io threads: " + threads + " (expected: >= 0)");
    }
    return new IoLoops(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
  }

  public EventLoopGroup group() {
    return group;
  }

  public Class<? extends ServerChannel> serverChannel() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends SocketChannel> socketChannel() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Whether the native epoll transport is in use (Linux); NIO otherwise. */
  public boolean isNative() {
    return epoll;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
