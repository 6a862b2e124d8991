package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process a test starts, with stdout and stderr drained on their own threads so it never blocks
 * on a full pipe. Every line is kept, for the test to read and to explain failures. {@link
 * #close()} stops the process and anything it started, by their process ids.
 */
final class ChildProcess implements AutoCloseable {
  private static final int DIAGNOSTIC_LINES = 60;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final List<Line> lines = new ArrayList<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
  private final CompletableFuture<Void> stderrDone = new CompletableFuture<>();

  private record Line(boolean stdout, String text) {}

  private record Waiter(Pattern pattern, CompletableFuture<Matcher> match) {}

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts {@code command} with {@code environment} added to this JVM's. */
  static ChildProcess start(String name, List<String> command, Map<String, String> environment) {
    requireNonNull(name, "name");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("NODE_OPTIONS");
    builder.environment().putAll(environment);
    try {
      ChildProcess child = new ChildProcess(name, builder.start());
      child.drain(child.process.getInputStream(), "out", child.stdoutDone);
      child.drain(child.process.getErrorStream(), "err", child.stderrDone);
      child.stderrDone.runAfterBoth(child.stdoutDone, child::failWaiters);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Waits for a line on either stream that matches {@code pattern} as a whole. */
  Matcher awaitLine(Pattern pattern, Duration timeout) {
    Waiter waiter = new Waiter(pattern, new CompletableFuture<>());
    waiters.add(waiter);
    synchronized (lines) {
      lines.stream()
          .map(line -> pattern.matcher(line.text()))
          .filter(Matcher::matches)
          .findFirst()
          .ifPresent(waiter.match()::complete);
    }
    if (stdoutDone.isDone() && stderrDone.isDone()) {
      failWaiters();
    }
    try {
      return waiter.match().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          name + " printed no line matching " + pattern + " within " + timeout + diagnostics());
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          name + " ended before printing a line matching " + pattern + diagnostics());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    } finally {
      waiters.remove(waiter);
    }
  }

  /** Waits for the process to exit and its output to be drained; false when it is still running. */
  boolean waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return false;
      }
      CompletableFuture.allOf(stdoutDone, stderrDone)
          .get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          name + " exited but its output did not end" + diagnostics(), e);
    }
  }

  /** Writes {@code line} and a newline to the process's stdin, for a script waiting on a signal. */
  void writeLine(String line) {
    try {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + name + diagnostics(), e);
    }
  }

  int exitCode() {
    return process.exitValue();
  }

  /** Every stdout line so far. */
  List<String> stdout() {
    synchronized (lines) {
      return lines.stream().filter(Line::stdout).map(Line::text).toList();
    }
  }

  /**
   * The last lines of both streams, prefixed {@code out|} or {@code err|}, for failure messages.
   */
  String diagnostics() {
    synchronized (lines) {
      return "\n--- last output of "
          + name
          + " (pid "
          + process.pid()
          + ") ---\n"
          + String.join(
              "\n",
              lines.subList(Math.max(0, lines.size() - DIAGNOSTIC_LINES), lines.size()).stream()
                  .map(line -> (line.stdout() ? "out| " : "err| ") + line.text())
                  .toList());
    }
  }

  /** Stops the process and its descendants: a polite signal first, then a forced kill. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        handle.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.destroyForcibly();
      }
    }
  }

  private void drain(InputStream stream, String label, CompletableFuture<Void> done) {
    Thread.ofVirtual()
        .name(name + "-" + label)
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  accept(label, line);
                }
              } catch (IOException e) {
                accept(label, "[output closed: " + e.getMessage() + "]");
              } finally {
                done.complete(null);
              }
            });
  }

  private void accept(String label, String line) {
    synchronized (lines) {
      lines.add(new Line(label.equals("out"), line));
    }
    for (Waiter waiter : waiters) {
      Matcher matcher = waiter.pattern().matcher(line);
      if (matcher.matches()) {
        waiter.match().complete(matcher);
      }
    }
  }

  private void failWaiters() {
    waiters.forEach(
        w -> w.match().completeExceptionally(new IllegalStateException(name + " has ended")));
  }
}
