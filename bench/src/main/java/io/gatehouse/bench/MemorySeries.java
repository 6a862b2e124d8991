package io.gatehouse.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The points one {@link MemoryRun} wrote, in order of calls, and what the report says of them: RSS
 * and heap at each point, the end/start ratios, and how fast the heap after a full GC grows per
 * call (least squares over the points). That slope is the test of "flat". Its noise is about ±15
 * B/call over 100,000 calls (the post-GC heap steps by a few MiB with pooled buffers, whatever the
 * calls), so the goal allows {@value #FLAT_BYTES_PER_CALL} B: what a call that left a map entry
 * behind (a node, a key and a value, 60 B and more) would exceed.
 */
record MemorySeries(String scenario, List<Measurement> points) {
  static final double FLAT_BYTES_PER_CALL = 32;

  /** A row of the report's goals. */
  record Goal(String goal, String value, boolean met) {}

  /** Whether {@code m} is a point of a memory run rather than a load or a figure. */
  static boolean isPoint(Measurement m) {
    return m.extra().containsKey(MemoryRun.HEAP_AFTER_GC);
  }

  /** The series in {@code all}, one per scenario, in the order they were written. */
  static List<MemorySeries> of(List<Measurement> all) {
    Map<String, List<Measurement>> byScenario =
        all.stream()
            .filter(MemorySeries::isPoint)
            .collect(
                Collectors.groupingBy(
                    Measurement::scenario, LinkedHashMap::new, Collectors.toList()));
    return byScenario.entrySet().stream()
        .map(
            e ->
                new MemorySeries(
                    e.getKey(),
                    e.getValue().stream()
                        .sorted(Comparator.comparingDouble(MemorySeries::calls))
                        .toList()))
        .toList();
  }

  /** Bytes the heap after a full GC grew per call, by least squares over the points. */
  double heapBytesPerCall() {
    double n = points.size();
    double mx = points.stream().mapToDouble(MemorySeries::calls).sum() / n;
    double my = points.stream().mapToDouble(p -> figure(p, MemoryRun.HEAP_AFTER_GC)).sum() / n;
    double sxy = 0;
    double sxx = 0;
    for (Measurement p : points) {
      double dx = calls(p) - mx;
      sxy += dx * (figure(p, MemoryRun.HEAP_AFTER_GC) - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0 : sxy / sxx * 1024 * 1024;
  }

  /** The goal row: the goal, this run's figure, and whether it was met. */
  Goal goal() {
    double slope = heapBytesPerCall();
    return new Goal(
        "%s: heap after GC does not grow with calls (<= %.0f B/call over %.0f calls)"
            .formatted(scenario, FLAT_BYTES_PER_CALL, calls(points.getLast())),
        "%+.2f B/call (%.1f to %.1f MiB, %.2fx; RSS %.2fx)"
            .formatted(
                slope,
                figure(points.getFirst(), MemoryRun.HEAP_AFTER_GC),
                figure(points.getLast(), MemoryRun.HEAP_AFTER_GC),
                ratio(MemoryRun.HEAP_AFTER_GC),
                ratio(MemoryRun.RSS)),
        slope <= FLAT_BYTES_PER_CALL);
  }

  /** The Markdown table of the points and the ratios under it. */
  String table() {
    StringBuilder md =
        new StringBuilder()
            .append("`")
            .append(scenario)
            .append(
                "`, %.0f clients, each on its own keep-alive connection; the first row is after the warm-up. "
                    .formatted(figure(points.getFirst(), MemoryRun.CLIENTS)))
            .append(
                "Heap in use is read as the load pauses, heap after GC after a full collection forced with"
                    + " `jcmd GC.run`; RSS is VmRSS before that collection.\n\n")
            .append(
                "| calls | RSS MiB | heap in use MiB | heap after GC MiB |\n|---|---|---|---|\n");
    for (Measurement p : points) {
      md.append(
          "| %.0f | %.1f | %.1f | %.1f |\n"
              .formatted(
                  calls(p),
                  figure(p, MemoryRun.RSS),
                  figure(p, MemoryRun.HEAP),
                  figure(p, MemoryRun.HEAP_AFTER_GC)));
    }
    return md.append(
            "\nEnd/start: RSS %.2fx, heap after GC %.2fx; heap after GC grows %+.2f B per call (least squares).\n\n"
                .formatted(
                    ratio(MemoryRun.RSS), ratio(MemoryRun.HEAP_AFTER_GC), heapBytesPerCall()))
        .toString();
  }

  private double ratio(String figure) {
    return figure(points.getLast(), figure) / figure(points.getFirst(), figure);
  }

  private static double calls(Measurement m) {
    return figure(m, MemoryRun.CALLS);
  }

  private static double figure(Measurement m, String name) {
    return m.extra().getOrDefault(name, Double.NaN);
  }
}
