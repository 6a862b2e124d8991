package io.gatehouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process and its children (nginx's workers) have used, read from {@code /proc}:
 * user plus system time in clock ticks of 10 ms. Read before and after a measured window, it gives
 * the proxy's own cost per call, the figure that still shows a difference when throughput is capped
 * by the load generator.
 */
final class ProcessCpu {
  private static final double MICROS_PER_TICK = 10_000;

  private ProcessCpu() {}

  /** User + system time of {@code pid} and its direct children, in microseconds. */
  static double micros(long pid) throws IOException {
    long ticks = ticks(pid);
    Path children = Path.of("/proc/" + pid + "/task/" + pid + "/children");
    if (Files.isReadable(children)) {
      for (String child : Files.readString(children).trim().split("\\s+")) {
        if (!child.isEmpty()) {
          ticks += ticks(Long.parseLong(child));
        }
      }
    }
    return ticks * MICROS_PER_TICK;
  }

  private static long ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // Fields after the command name, which is in parentheses and may contain spaces: utime is the
    // 14th field.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
