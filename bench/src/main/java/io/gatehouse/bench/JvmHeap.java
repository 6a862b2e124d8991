package io.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java heap in use in another JVM, read with {@code jcmd} (the JDK this harness runs on): as it
 * stands, and after a full collection forced through {@code GC.run}. Heap after a full GC is what a
 * process still holds on to, so if it does not grow with calls, calls leave nothing behind; RSS
 * alone also moves with the collector's sizing, the JIT's code cache and native buffers.
 */
final class JvmHeap {
  /**
   * A generation or heap line of {@code GC.heap_info}, from serial, parallel and G1 alike: {@code "
   * tenured generation total 10944K, used 5120K [...]"}. Metaspace lines have no "total".
   */
  private static final Pattern USED =
      Pattern.compile("^\\s*\\S.*\\btotal\\b.*?\\bused (\\d+)([KMG])", Pattern.MULTILINE);

  private final long pid;
  private final Path jcmd;

  JvmHeap(long pid) {
    this.pid = pid;
    this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
  }

  /** The heap in use now, in MiB. */
  double usedMiB() throws IOException, InterruptedException {
    return usedMiB(jcmd("GC.heap_info"));
  }

  /** Forces a full collection, then the heap still in use, in MiB. */
  double usedAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    return usedMiB();
  }

  /** The heap in use that {@code GC.heap_info} printed, summed over its generations, in MiB. */
  static double usedMiB(String heapInfo) throws IOException {
    Matcher m = USED.matcher(heapInfo);
    double kib = 0;
    boolean any = false;
    while (m.find()) {
      any = true;
      long n = Long.parseLong(m.group(1));
      kib +=
          switch (m.group(2)) {
            case "G" -> n * 1024.0 * 1024;
            case "M" -> n * 1024.0;
            default -> n;
          };
    }
    if (!any) {
      throw new IOException("GC.heap_info printed no heap in use: " + heapInfo.strip());
    }
    return kib / 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out.strip());
    }
    return out;
  }
}
