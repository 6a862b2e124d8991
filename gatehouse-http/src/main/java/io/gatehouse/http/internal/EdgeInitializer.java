package io.gatehouse.http.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The pipeline of every caller connection: HTTP/1.1 codec, idle timeout, the edge's dispatcher. */
public final class EdgeInitializer extends ChannelInitializer<SocketChannel>
    implements AutoCloseable {
  static final int MAX_INITIAL_LINE = 8 * 1024;
  static final int MAX_HEADER_BYTES = 32 * 1024;

  private final List<Mount> mounts;
  private final Duration idleTimeout;
  private final RestRunner rest = new RestRunner();

  public EdgeInitializer(List<Mount> mounts, Duration idleTimeout) {
    this.mounts = List.copyOf(mounts);
    this.idleTimeout = idleTimeout;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_BYTES)
            .setMaxChunkSize(64 * 1024);
    ch.pipeline()
        .addLast("http", new HttpServerCodec(decoder))
        .addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
        .addLast("edge", new EdgeHandler(mounts, rest));
  }

  @Override
  public void close() {
    rest.close();
  }
}
