package io.gatehouse.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Gatehouse as an operator runs it: {@code Main serve --config gatehouse.yaml} in a JVM of its own
 * (this test's Java and class path, Gatehouse's own logging configuration), its output in {@code
 * out.log} beside the configuration. Start several before {@link #awaitListening() waiting} for
 * any, so their JVMs start side by side. {@link #close()} stops the process this test started, by
 * its handle, and waits for it.
 */
public final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Gatehouse is listening on (http://\\S+) .*");
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration STOP = Duration.ofSeconds(20);

  private final Process process;
  private final Path log;
  private URI url;

  private ServeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Writes {@link RunningGatehouse#header(Path)} and {@code yaml} to {@code dir/gatehouse.yaml} and
   * starts serving it; returns at once.
   */
  public static ServeProcess start(Path dir, String yaml) {
    try {
      Path config = dir.resolve("gatehouse.yaml");
      Files.writeString(config, RunningGatehouse.header(dir) + yaml);
      Path log = dir.resolve("out.log");
      Process p =
          new ProcessBuilder(
                  javaBinary(),
                  // the logging an operator gets (the access log on stdout), not this module's
                  // tests'
                  "-Dlogback.configurationFile=logback.xml",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.gatehouse.server.Main",
                  "serve",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ServeProcess(p, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the line saying where it listens, and returns that base URL. */
  public URI awaitListening() {
    if (url != null) {
      return url;
    }
    Awaitility.await("gatehouse pid " + process.pid() + " listening (log " + log + ")")
        .atMost(START)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> listening().isPresent());
    url = listening().orElseThrow();
    return url;
  }

  /** The base URL, once {@link #awaitListening()} has seen it. */
  public URI url() {
    if (url == null) {
      throw new IllegalStateException("awaitListening() first");
    }
    return url;
  }

  /** {@code <base>/mcp/<name>}. */
  public URI route(String name) {
    return url().resolve("/mcp/" + name);
  }

  /** Everything the process printed so far (its log lines, the access log's included). */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The access log's lines so far ({@code route=... method=... status=...}, one per exchange). */
  public List<String> accessLog() {
    return log().lines().filter(line -> line.contains(" access route=")).toList();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops it (SIGTERM, so its shutdown hook runs; killed when it has not ended in time). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private Optional<URI> listening() {
    if (!process.isAlive()) {
      throw new AssertionError("gatehouse pid " + process.pid() + " exited: " + log());
    }
    for (String line : log().split("\n")) {
      Matcher m = LISTENING.matcher(line.strip());
      if (m.matches()) {
        return Optional.of(URI.create(m.group(1)));
      }
    }
    return Optional.empty();
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
