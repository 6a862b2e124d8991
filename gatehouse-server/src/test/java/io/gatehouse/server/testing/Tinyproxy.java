package io.gatehouse.server.testing;

import static org.awaitility.Awaitility.await;

import io.gatehouse.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;

/**
 * Debian's tinyproxy (installed by {@code bash .ci/tools.sh}) run by a test as its own child
 * process: listening on 127.0.0.1 only, allowing 127.0.0.1 only, logging to a file the test reads.
 * Without {@code ConnectPort} lines tinyproxy 1.11 lets CONNECT reach any port. When tinyproxy is
 * missing, the test fails on CI ({@code CI=true}) and is skipped elsewhere, saying how to install
 * it.
 */
public final class Tinyproxy implements AutoCloseable {
  static final String SETUP_HINT =
      "run `bash .ci/tools.sh` (or `apt-get install tinyproxy`) in the repository root";
  private final Process process;
  private final int port;
  private final Path log;

  private Tinyproxy(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts tinyproxy in {@code dir} with {@code extra} configuration lines (BasicAuth, ...). */
  public static Tinyproxy start(Path dir, String... extra) {
    Path binary = require(System.getenv(), List.of("/usr/bin", "/usr/sbin"));
    int port = LoopbackPorts.free();
    Path log = dir.resolve("tinyproxy.log");
    Path config = dir.resolve("tinyproxy.conf");
    StringBuilder c = new StringBuilder();
    c.append("Port ").append(port).append('\n');
    c.append("Listen 127.0.0.1\nAllow 127.0.0.1\nTimeout 30\nMaxClients 20\nLogLevel Info\n");
    c.append("LogFile \"").append(log).append("\"\n");
    c.append("PidFile \"").append(dir.resolve("tinyproxy.pid")).append("\"\n");
    for (String line : extra) {
      c.append(line).append('\n');
    }
    try {
      Files.writeString(config, c);
      Process p =
          new ProcessBuilder(binary.toString(), "-d", "-c", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("tinyproxy.out").toFile())
              .start();
      Tinyproxy t = new Tinyproxy(p, port, log);
      t.awaitAccepting(dir);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** What tinyproxy logged so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the process this test started, by its own handle (its PID), never by name. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitAccepting(Path dir) {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (!process.isAlive()) {
                Assertions.fail(
                    "tinyproxy exited ("
                        + process.exitValue()
                        + "): "
                        + Files.readString(dir.resolve("tinyproxy.out"))
                        + log());
              }
              return LoopbackPorts.accepts(port);
            });
  }

  /** The tinyproxy binary on the PATH or in {@code usual}; fails (CI) or skips when missing. */
  static Path require(Map<String, String> environment, List<String> usual) {
    return InstalledTool.require("tinyproxy", SETUP_HINT, environment, usual);
  }
}
