package io.gatehouse.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * MCP load on one endpoint, one virtual thread per session, each session on its own keep-alive
 * connection.
 *
 * <ul>
 *   <li>{@code closed}: every session calls {@code tools/call} again as soon as the answer arrives.
 *   <li>{@code open}: calls start on a fixed schedule ({@code rate} per second, spread over the
 *       sessions); latency counts from when a call was due, not when it was sent, so a stall shows
 *       as the queue it would build (coordinated omission corrected).
 *   <li>{@code setup}: {@code initialize} alone, timed, each session then deleted (untimed).
 *   <li>{@code idle}: opens {@code sessions} sessions, leaves them idle, and reports the RSS of
 *       {@code pid}.
 * </ul>
 *
 * <p>With {@code modern}, {@code closed} and {@code open} act as 2026-07-28 clients instead: no
 * {@code initialize} and no session, each call as {@link ModernClient} builds it; {@code sessions}
 * then counts clients.
 */
final class LoadGenerator {
  static final byte[] RESULT = "\"result\"".getBytes(StandardCharsets.US_ASCII);

  record Options(
      URI url,
      String mode,
      String scenario,
      String target,
      int round,
      int sessions,
      double rate,
      double warmupSeconds,
      double seconds,
      int payloadBytes,
      long pid,
      Path out,
      String header,
      boolean modern) {}

  private final Options o;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  LoadGenerator(Options options) {
    this.o = options;
  }

  Measurement run() throws Exception {
    Measurement m =
        switch (o.mode()) {
          case "closed", "open" -> calls();
          case "setup" -> setup();
          case "idle" -> idle();
          default ->
              throw new IllegalArgumentException(
                  "mode must be closed, open, setup or idle, not " + o.mode());
        };
    if (firstError.get() != null) {
      System.err.println("first error: " + firstError.get());
    }
    return m;
  }

  // ---- tools/call, closed or open loop ----

  private Measurement calls() throws Exception {
    byte[][] sessionEraPayloads = o.modern() ? null : callPayloads();
    Recorder recorder = new Recorder(3_600_000_000L, 3);
    boolean open = o.mode().equals("open");
    long warmupNanos = (long) (o.warmupSeconds() * 1e9);
    long measureNanos = (long) (o.seconds() * 1e9);
    CountDownLatch ready = new CountDownLatch(o.sessions());
    CountDownLatch go = new CountDownLatch(1);
    long[] startAt = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < o.sessions(); s++) {
      int index = s;
      threads.add(
          Thread.ofVirtual()
              .name("session-" + s)
              .start(
                  () -> {
                    try (HttpConnection c = connection()) {
                      String session = o.modern() ? null : openSession(c);
                      byte[][] payloads =
                          o.modern()
                              ? ModernClient.callBodies(index, o.payloadBytes(), 64)
                              : sessionEraPayloads;
                      ready.countDown();
                      go.await();
                      long start = startAt[0];
                      long measureFrom = start + warmupNanos;
                      long end = measureFrom + measureNanos;
                      long interval = open ? (long) (1e9 / o.rate()) : 0;
                      long n = index;
                      int id = 10;
                      while (true) {
                        long due = open ? start + n * interval : System.nanoTime();
                        if (due >= end) {
                          break;
                        }
                        if (open) {
                          long wait = due - System.nanoTime();
                          if (wait > 0) {
                            LockSupport.parkNanos(wait);
                          }
                          n += o.sessions();
                        }
                        byte[] body = payloads[id++ % payloads.length];
                        boolean ok = call(c, session, body);
                        long done = System.nanoTime();
                        if (due >= measureFrom && ok) {
                          recorder.recordValue(Math.max(1, (done - due) / 1000));
                        }
                      }
                    } catch (Exception e) {
                      error("session " + index + ": " + e);
                      ready.countDown();
                    }
                  }));
    }
    ready.await();
    long start = System.nanoTime() + 10_000_000;
    startAt[0] = start;
    go.countDown();
    double cpuMicros =
        o.pid() > 0 ? cpuOverWindow(start + warmupNanos, start + warmupNanos + measureNanos) : -1;
    for (Thread t : threads) {
      t.join();
    }
    Histogram h = recorder.getIntervalHistogram();
    Measurement m =
        Measurement.of(o.scenario(), o.target(), o.round(), h, o.seconds(), errors.get());
    return cpuMicros < 0 || m.count() == 0
        ? m
        : m.withExtra(
            Map.of(
                "cpu_us_per_call",
                cpuMicros / m.count(),
                "cpu_share",
                cpuMicros / (o.seconds() * 1e6)));
  }

  /**
   * The CPU time {@code --pid} used between two {@link System#nanoTime()} instants, in
   * microseconds.
   */
  private double cpuOverWindow(long from, long to) throws IOException {
    LockSupport.parkNanos(from - System.nanoTime());
    double before = ProcessCpu.micros(o.pid());
    LockSupport.parkNanos(to - System.nanoTime());
    return ProcessCpu.micros(o.pid()) - before;
  }

  private HttpConnection connection() {
    return o.modern()
        ? ModernClient.connect(o.url(), o.header())
        : new HttpConnection(o.url(), o.header());
  }

  /** A few request bodies that differ in id, with the arguments padded to {@code payloadBytes}. */
  private byte[][] callPayloads() {
    return callBodies(64, "", o.payloadBytes());
  }

  /**
   * {@code count} {@code tools/call} bodies of the {@code echo} tool that differ in id, with the
   * arguments padded to about {@code payloadBytes}. {@code paramsPrefix} opens params (a 2026-07-28
   * client's {@code "_meta":{...},}); {@code arguments} comes last, as the echo upstream expects.
   */
  static byte[][] callBodies(int count, String paramsPrefix, int payloadBytes) {
    byte[][] bodies = new byte[count][];
    String pad = "x".repeat(Math.max(0, payloadBytes - 16));
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] =
          ("{\"jsonrpc\":\"2.0\",\"id\":"
                  + (1000 + i)
                  + ",\"method\":\"tools/call\",\"params\":{"
                  + paramsPrefix
                  + "\"name\":\"echo\",\"arguments\":{\"text\":\""
                  + pad
                  + "\"}}}")
              .getBytes(StandardCharsets.UTF_8);
    }
    return bodies;
  }

  private boolean call(HttpConnection c, String session, byte[] body) throws IOException {
    c.exchange("POST", session, body);
    if (c.status != 200 || !c.bodyContains(RESULT)) {
      error("tools/call answered " + c.status + ": " + abbreviate(c.body()));
      return false;
    }
    return true;
  }

  // ---- initialize ----

  private Measurement setup() throws Exception {
    Recorder recorder = new Recorder(3_600_000_000L, 3);
    long warmupEnd = System.nanoTime() + (long) (o.warmupSeconds() * 1e9);
    long end = warmupEnd + (long) (o.seconds() * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < o.sessions(); s++) {
      int index = s;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (HttpConnection c = new HttpConnection(o.url(), o.header())) {
                      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                        c.exchange("POST", null, initialize(index));
                        long took = System.nanoTime() - now;
                        if (c.status != 200 || c.sessionId == null) {
                          error("initialize answered " + c.status + ": " + abbreviate(c.body()));
                          continue;
                        }
                        if (now >= warmupEnd) {
                          recorder.recordValue(Math.max(1, took / 1000));
                        }
                        c.exchange("DELETE", c.sessionId, null);
                      }
                    } catch (Exception e) {
                      error("session " + index + ": " + e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return Measurement.of(
        o.scenario(),
        o.target(),
        o.round(),
        recorder.getIntervalHistogram(),
        o.seconds(),
        errors.get());
  }

  // ---- idle sessions and the target's memory ----

  private Measurement idle() throws Exception {
    double before = rssMiB(o.pid());
    String[] sessions = new String[o.sessions()];
    int workers = 32;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int first = w;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (HttpConnection c = new HttpConnection(o.url(), o.header())) {
                      for (int s = first; s < sessions.length; s += workers) {
                        sessions[s] = openSession(c);
                      }
                    } catch (Exception e) {
                      error("opening sessions: " + e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    Thread.sleep((long) (o.warmupSeconds() * 1000));
    double after = rssMiB(o.pid());
    // The sessions are real: a sample of them still answers after idling.
    try (HttpConnection c = new HttpConnection(o.url(), o.header())) {
      byte[] body = callPayloads()[0];
      for (int i = 0; i < 100; i++) {
        String session = sessions[ThreadLocalRandom.current().nextInt(sessions.length)];
        if (session != null) {
          call(c, session, body);
        }
      }
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("sessions", (double) sessions.length);
    figures.put("rss_before_mib", before);
    figures.put("rss_after_mib", after);
    figures.put("kib_per_session", (after - before) * 1024 / sessions.length);
    figures.put("errors", (double) errors.get());
    return Measurement.figures(o.scenario(), o.target(), o.round(), figures);
  }

  static double rssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  // ---- sessions ----

  /** initialize, then notifications/initialized; returns the session id. */
  private String openSession(HttpConnection c) throws IOException {
    c.exchange("POST", null, initialize(0));
    if (c.status != 200 || c.sessionId == null) {
      throw new IOException("initialize answered " + c.status + ": " + abbreviate(c.body()));
    }
    String session = c.sessionId;
    c.exchange(
        "POST",
        session,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
            .getBytes(StandardCharsets.UTF_8));
    if (c.status != 202) {
      throw new IOException("notifications/initialized answered " + c.status);
    }
    // As a client does before it calls: the gateway learns the tools' schemas from the answer.
    c.exchange(
        "POST",
        session,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"
            .getBytes(StandardCharsets.UTF_8));
    if (c.status != 200) {
      throw new IOException("tools/list answered " + c.status + ": " + abbreviate(c.body()));
    }
    return session;
  }

  private static byte[] initialize(int id) {
    return ("{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-bench\",\"version\":\"1\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private void error(String message) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, message);
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
