package io.gatehouse.hosting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process speaking newline-delimited JSON-RPC (MCP's stdio transport): each stdout line
 * goes to a consumer, each stderr line to the log at INFO with the route's name. When stdout ends,
 * the process has exited (or closed its side): {@code ended} runs once, saying whether we stopped
 * it.
 */
final class Child {
  private static final Logger log = LoggerFactory.getLogger("io.gatehouse.hosting.stdio");

  private final String route;
  private final Process process;
  private final OutputStream stdin;
  private volatile boolean stopping;

  private Child(String route, Process process) {
    this.route = route;
    this.process = process;
    this.stdin = process.getOutputStream();
  }

  /**
   * Starts {@code command} with exactly {@code env} as its environment, in {@code cwd}.
   *
   * @param ended runs once stdout ends, with true when the process was stopped on purpose
   */
  static Child start(
      String route,
      List<String> command,
      Map<String, String> env,
      Path cwd,
      Consumer<String> onLine,
      Consumer<Boolean> ended)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear(); // never Gatehouse's own variables
    pb.environment().putAll(env);
    Child c = new Child(route, pb.start());
    log.info("route {}: started stdio server (pid {})", route, c.pid());
    Thread.ofVirtual()
        .name("gatehouse-stdio-err-" + route)
        .start(() -> c.logStderr(c.process.getErrorStream()));
    Thread.ofVirtual()
        .name("gatehouse-stdio-out-" + route)
        .start(() -> c.readStdout(onLine, ended));
    return c;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Writes one message and its newline. */
  void send(byte[] json) throws IOException {
    synchronized (stdin) {
      stdin.write(json);
      stdin.write('\n');
      stdin.flush();
    }
  }

  /**
   * Stops the process: closes its stdin (a stdio server's cue to exit), waits up to {@code grace},
   * then destroys it and every process it started, so none is left behind.
   */
  void stop(Duration grace) {
    stopping = true;
    // taken first: once the process exits, its children are no longer its descendants
    List<ProcessHandle> tree = process.descendants().toList();
    try {
      synchronized (stdin) {
        stdin.close();
      }
    } catch (IOException e) {
      // already closed: the process is going anyway
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.info(
            "route {}: stdio server (pid {}) ignored its closed stdin; ending it", route, pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    destroy(tree);
  }

  /** Ends the process and its descendants now (they are listed before the parent goes). */
  void kill() {
    stopping = true;
    destroy(process.descendants().toList());
  }

  private void destroy(List<ProcessHandle> earlier) {
    List<ProcessHandle> tree = new java.util.ArrayList<>(earlier);
    process.descendants().forEach(tree::add);
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle h : tree) {
        if (h.isAlive()) {
          h.destroyForcibly();
        }
      }
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readStdout(Consumer<String> onLine, Consumer<Boolean> ended) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          try {
            onLine.accept(line);
          } catch (RuntimeException e) {
            log.warn(
                "route {}: a line of the stdio server was not handled: {}", route, e.toString());
          }
        }
      }
    } catch (IOException e) {
      // the pipe broke: the process is gone or going
    }
    try {
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!stopping) {
      log.warn(
          "route {}: stdio server (pid {}) exited{}",
          route,
          pid(),
          process.isAlive() ? " its stdout" : " with code " + process.exitValue());
      kill();
      ended.accept(false);
    } else {
      ended.accept(true);
    }
  }

  private void logStderr(InputStream err) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        log.info("route {}: {}", route, line);
      }
    } catch (IOException e) {
      // the process is gone
    }
  }
}
