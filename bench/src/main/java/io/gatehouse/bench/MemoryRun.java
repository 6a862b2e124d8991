package io.gatehouse.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether 2026-07-28 clients cost a process memory between calls: {@code clients} distinct clients,
 * each on its own keep-alive connection, make {@code calls} calls in steps of {@code every}; after
 * a warm-up and after each step every client waits while the process's RSS, its heap in use and its
 * heap after a forced full GC are read ({@link JvmHeap}). One {@link Measurement} per point, its
 * {@code calls} figure saying how many measured calls came before it; {@link MemorySeries} reports
 * them. Nothing here is timed.
 */
final class MemoryRun {
  static final String CALLS = "calls";
  static final String RSS = "rss_mib";
  static final String HEAP = "heap_used_mib";
  static final String HEAP_AFTER_GC = "heap_after_gc_mib";
  static final String CLIENTS = "clients";
  static final String ERRORS = "errors";

  record Options(
      URI url,
      long pid,
      int clients,
      int calls,
      int every,
      int warmupCalls,
      int payloadBytes,
      String scenario) {

    /** What is wrong with these options, or null. */
    String problem() {
      if (pid <= 0 || clients <= 0 || every <= 0 || calls <= 0 || warmupCalls < 0) {
        return "--pid, --clients, --calls and --every must be > 0, --warmup-calls >= 0";
      }
      if (calls % every != 0 || every % clients != 0 || warmupCalls % clients != 0) {
        return "--calls must be a multiple of --every, and --every and --warmup-calls multiples of"
            + " --clients (every client makes the same number of calls per step)";
      }
      return null;
    }
  }

  private final Options o;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  MemoryRun(Options options) {
    this.o = options;
  }

  /** The points: after the warm-up (0 calls), then after every {@code every} calls. */
  List<Measurement> run() throws Exception {
    int steps = o.calls() / o.every();
    // Clients and this thread meet twice per step: once when every client has made its calls,
    // once when the figures have been read and the next step may start.
    Phaser phaser = new Phaser(o.clients() + 1);
    List<Thread> threads = new ArrayList<>();
    for (int client = 0; client < o.clients(); client++) {
      int index = client;
      threads.add(
          Thread.ofVirtual().name("client-" + client).start(() -> client(index, steps, phaser)));
    }
    JvmHeap heap = new JvmHeap(o.pid());
    List<Measurement> points = new ArrayList<>();
    for (int step = 0; step <= steps; step++) {
      phaser.arriveAndAwaitAdvance();
      points.add(point((long) step * o.every(), heap));
      phaser.arriveAndAwaitAdvance();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (firstError.get() != null) {
      System.err.println("first error: " + firstError.get());
    }
    // The errors of the whole run go on the last point, so a failed call fails the report.
    Measurement last = points.removeLast();
    points.add(last.withExtra(Map.of(ERRORS, (double) errors.get())));
    return points;
  }

  /** One client: the warm-up calls, then {@code every / clients} calls per step. */
  private void client(int index, int steps, Phaser phaser) {
    byte[][] bodies = ModernClient.callBodies(index, o.payloadBytes(), 4);
    try (HttpConnection c = ModernClient.connect(o.url(), null)) {
      int n = 0;
      for (int step = 0; step <= steps; step++) {
        int calls = step == 0 ? o.warmupCalls() / o.clients() : o.every() / o.clients();
        for (int i = 0; i < calls; i++) {
          c.exchange("POST", null, bodies[n++ % bodies.length]);
          if (c.status != 200 || !c.bodyContains(LoadGenerator.RESULT)) {
            error("client " + index + ": tools/call answered " + c.status + ": " + c.body());
          }
        }
        phaser.arriveAndAwaitAdvance();
        phaser.arriveAndAwaitAdvance();
      }
    } catch (Exception e) {
      error("client " + index + ": " + e);
      phaser.arriveAndDeregister();
    }
  }

  private Measurement point(long calls, JvmHeap heap) throws Exception {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put(CALLS, (double) calls);
    figures.put(CLIENTS, (double) o.clients());
    figures.put(RSS, LoadGenerator.rssMiB(o.pid()));
    figures.put(HEAP, heap.usedMiB());
    figures.put(HEAP_AFTER_GC, heap.usedAfterGcMiB());
    Measurement m = Measurement.figures(o.scenario(), "gateway", 1, figures);
    System.out.println(m.summary());
    return m;
  }

  private void error(String message) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, message);
  }
}
