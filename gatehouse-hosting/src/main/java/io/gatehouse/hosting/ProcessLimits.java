package io.gatehouse.hosting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource limits of a hosted route's processes ({@code upstream.limits}), set by {@code prlimit}
 * (util-linux) before it runs the command in its own place: the limits hold from the process's
 * first instruction, and its PID is the one Gatehouse started. Zero means "no limit".
 *
 * @param memoryBytes the data segment and private writable memory (RLIMIT_DATA): the heap, not
 *     reserved address space, so Node and JVMs start under it
 * @param cpuSeconds CPU time (RLIMIT_CPU); the process is ended once it has used this much
 * @param openFiles open file descriptors (RLIMIT_NOFILE)
 * @param processes processes and threads of the user the process runs as (RLIMIT_NPROC)
 */
public record ProcessLimits(long memoryBytes, long cpuSeconds, long openFiles, long processes) {
  public static final ProcessLimits NONE = new ProcessLimits(0, 0, 0, 0);

  /** Where {@code prlimit} is looked for first; else on Gatehouse's own {@code PATH}. */
  static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?");

  public ProcessLimits {
    check("memory", memoryBytes);
    check("cpu-seconds", cpuSeconds);
    check("open-files", openFiles);
    check("processes", processes);
  }

  /**
   * Reads the configuration's values (each may be null: no limit).
   *
   * @param memory bytes, or with a binary unit: {@code 512m}, {@code 2g}, {@code 64MiB}
   * @throws IllegalArgumentException naming the key, the value and what was expected
   */
  public static ProcessLimits parse(
      String memory, String cpuSeconds, String openFiles, String processes) {
    return new ProcessLimits(
        size(memory),
        whole("cpu-seconds", cpuSeconds),
        whole("open-files", openFiles),
        whole("processes", processes));
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  /** The command line that runs {@code command} under these limits ({@code command} if none). */
  List<String> wrap(Path prlimit, List<String> command) {
    if (isEmpty()) {
      return command;
    }
    List<String> out = new ArrayList<>();
    out.add(prlimit.toString());
    add(out, "--data", memoryBytes);
    add(out, "--cpu", cpuSeconds);
    add(out, "--nofile", openFiles);
    add(out, "--nproc", processes);
    out.add("--");
    out.addAll(command);
    return out;
  }

  /** The {@code prlimit} program: {@code /usr/bin/prlimit}, else the first on {@code PATH}. */
  public static Optional<Path> prlimit() {
    return find(PRLIMIT, System.getenv("PATH"));
  }

  /** {@code first} if it can be run, else the first {@code prlimit} on {@code path}. */
  static Optional<Path> find(Path first, String path) {
    if (Files.isExecutable(first)) {
      return Optional.of(first);
    }
    for (String dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "prlimit");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** What to say where {@code prlimit} is missing. */
  public static String prlimitMissing() {
    return "limits need prlimit (util-linux), found neither at "
        + PRLIMIT
        + " nor on PATH (expected: install util-linux, or remove the route's limits)";
  }

  private static void add(List<String> out, String option, long value) {
    if (value > 0) {
      out.add(option + "=" + value); // soft and hard alike: the process cannot raise it
    }
  }

  private static void check(String key, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "limits." + key + ": " + value + " (expected: > 0, or absent for no limit)");
    }
  }

  private static long whole(String key, String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        "limits." + key + ": '" + value + "' (expected: a whole number >= 1, or absent)");
  }

  private static long size(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    long n = -1;
    if (m.matches() && m.group(1).length() <= 15) {
      int shift =
          switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
          };
      long count = Long.parseLong(m.group(1));
      n = count > Long.MAX_VALUE >> shift ? -1 : count << shift;
    }
    if (n < 1024 * 1024 || n >>> 40 > 64) {
      throw new IllegalArgumentException(
          "limits.memory: '"
              + value
              + "' (expected: a size from 1m to 64t, such as 512m, 2g or 256MiB; 1024-based)");
    }
    return n;
  }
}
