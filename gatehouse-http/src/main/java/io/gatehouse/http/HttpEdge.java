package io.gatehouse.http;

import static java.util.Objects.requireNonNull;

import io.gatehouse.http.internal.EdgeInitializer;
import io.gatehouse.http.internal.Mount;
import io.gatehouse.http.spi.ChannelEndpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one HTTP listener of a Gatehouse process. Paths are served by mounts, longest prefix first:
 * blocking REST services ({@link HttpService}, each request on a virtual thread) and endpoints that
 * work on the I/O thread ({@link ChannelEndpoint}, the data plane). Every answer the edge writes
 * itself is JSON with a stable key: unknown paths ({@code NOT_FOUND}), unreadable requests, bodies
 * over a mount's limit.
 *
 * <pre>{@code
 * HttpEdge edge = HttpEdge.builder(loops).listen("127.0.0.1", 0)
 *     .mount("/healthz", request -> HttpResponse.json(200, "{\"status\":\"ok\"}"), ErrorShape.REST, 0)
 *     .mount("/mcp/", gateway.endpoint())
 *     .start();
 * }</pre>
 */
public final class HttpEdge implements AutoCloseable {
  private final Channel server;
  private final EdgeInitializer initializer;

  private HttpEdge(Channel server, EdgeInitializer initializer) {
    this.server = server;
    this.initializer = initializer;
  }

  public static Builder builder(IoLoops loops) {
    return new Builder(loops);
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    initializer.close();
  }

  /** Builds and binds an {@link HttpEdge}. */
  public static final class Builder {
    private final IoLoops loops;
    private final List<Mount> mounts = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port;
    private Duration idleTimeout = Duration.ofMinutes(15);

    private Builder(IoLoops loops) {
      this.loops = requireNonNull(loops, "loops");
    }

    public Builder listen(String host, int port) {
      this.host = requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      this.port = port;
      return this;
    }

    /** How long a connection with no request in progress may stay open without traffic. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
      return this;
    }

    /**
     * Serves {@code prefix} with a blocking service whose errors take {@code shape}; bodies up to
     * {@code maxBodyBytes}.
     */
    public Builder mount(String prefix, HttpService service, ErrorShape shape, int maxBodyBytes) {
      mounts.add(
          new Mount.Rest(
              checked(prefix),
              requireNonNull(service, "service"),
              requireNonNull(shape, "shape"),
              maxBodyBytes));
      return this;
    }

    /** Serves {@code prefix} with an endpoint that works on the I/O thread. */
    public Builder mount(String prefix, ChannelEndpoint endpoint) {
      mounts.add(new Mount.Native(checked(prefix), requireNonNull(endpoint, "endpoint")));
      return this;
    }

    private String checked(String prefix) {
      requireNonNull(prefix, "prefix");
      if (!prefix.startsWith("/")) {
        throw new IllegalArgumentException(
            "mount prefix: '" + prefix + "' (expected: a path starting with /)");
      }
      if (mounts.stream().anyMatch(m -> m.prefix().equals(prefix))) {
        throw new IllegalArgumentException("mount prefix: '" + prefix + "' is mounted twice");
      }
      return prefix;
    }

    /** Binds the listener; requests are served as soon as this returns. */
    public HttpEdge start() {
      List<Mount> ordered = new ArrayList<>(mounts);
      ordered.sort(Comparator.comparingInt((Mount m) -> m.prefix().length()).reversed());
      EdgeInitializer init = new EdgeInitializer(ordered, idleTimeout);
      Channel ch =
          new ServerBootstrap()
              .group(loops.group())
              .channel(loops.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 4096)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
              .childHandler(init)
              .bind(host, port)
              .syncUninterruptibly()
              .channel();
      return new HttpEdge(ch, init);
    }
  }
}
