package io.gatehouse.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time from starting the Gatehouse process to its first {@code 200} on {@code /readyz}, polled
 * every 5 ms, and its RSS at that moment. The process is started the way an operator starts it
 * ({@code java -jar gatehouse.jar serve --config FILE}) and stopped again after each round.
 */
final class Startup {
  private Startup() {}

  static Measurement measure(List<String> command, int port, Path log, int round) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      URI ready = URI.create("http://127.0.0.1:" + port + "/readyz");
      long deadline = start + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "gatehouse exited with " + process.exitValue() + " before it was ready; see " + log);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("gatehouse was not ready within 60 s; see " + log);
        }
        try (HttpConnection c = new HttpConnection(ready)) {
          c.exchange("GET", null, null);
          if (c.status == 200) {
            break;
          }
        } catch (java.io.IOException notListeningYet) {
          // poll again
        }
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> figures = new LinkedHashMap<>();
      figures.put("seconds_to_ready", seconds);
      figures.put("rss_at_ready_mib", LoadGenerator.rssMiB(process.pid()));
      return Measurement.figures("startup", "gateway", round, figures);
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  static List<String> split(String words) {
    List<String> out = new ArrayList<>();
    for (String w : words.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
