package io.gatehouse.limits.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server child of the test on 127.0.0.1, on a port free when it starts, that the test may
 * stop (by its PID) and start again on the same port. Never the shared Redis on 6379. When {@code
 * redis-server} is not installed the test FAILS under {@code CI=true} and is skipped otherwise.
 */
public final class RedisProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private RedisProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a new redis-server and waits until it answers PING. */
  public static RedisProcess start() {
    requireInstalled();
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      RedisProcess r = new RedisProcess(s.getLocalPort(), Files.createTempDirectory("gh-redis"));
      s.close();
      r.startAgain();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT/0}. */
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** Starts the server again on the same port (after {@link #stop}), empty, and waits for it. */
  public void startAgain() {
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      "redis-server",
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--dir",
                      dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Awaitility.await("redis-server on port " + port)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(this::answers);
  }

  /** Stops the server by its PID and waits until the port no longer answers. */
  public void stop() {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Whether the server answers PING now. */
  public boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(500);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] b = new byte[7];
      int n = s.getInputStream().read(b);
      return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireInstalled() {
    try {
      Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // not installed: below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String message = "redis-server is not installed (.ci/services.sh installs it)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message + ". CI=true, so Redis tests must run: failing.");
    }
    Assumptions.abort(message + ". Skipped because CI is not set; with CI=true this fails.");
  }

  @Override
  public void close() {
    stop();
  }
}
