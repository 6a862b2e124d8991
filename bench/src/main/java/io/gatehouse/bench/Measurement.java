package io.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * One measured run: a scenario ({@code call-1k-c16}) against one target ({@code direct}, {@code
 * nginx}, {@code gateway}) in one round. Latencies are in milliseconds, throughput in operations
 * per second; {@code extra} holds figures a scenario has beyond those (RSS in MiB, seconds to
 * ready). Runs are appended to a JSON-lines file that {@link Report} reads.
 */
public record Measurement(
    String scenario,
    String target,
    int round,
    double throughput,
    long count,
    long errors,
    double p50,
    double p90,
    double p99,
    double p999,
    double max,
    Map<String, Double> extra) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Measurement {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** A measurement of latencies recorded in microseconds. */
  public static Measurement of(
      String scenario, String target, int round, Histogram micros, double seconds, long errors) {
    long count = micros.getTotalCount();
    return new Measurement(
        scenario,
        target,
        round,
        seconds > 0 ? count / seconds : 0,
        count,
        errors,
        ms(micros, 50),
        ms(micros, 90),
        ms(micros, 99),
        ms(micros, 99.9),
        micros.getMaxValue() / 1000.0,
        Map.of());
  }

  /** A measurement that is only figures, such as RSS or time to ready. */
  public static Measurement figures(
      String scenario, String target, int round, Map<String, Double> figures) {
    return new Measurement(
        scenario, target, round, 0, 0, 0, 0, 0, 0, 0, 0, new LinkedHashMap<>(figures));
  }

  /** This measurement with more figures in {@code extra}. */
  public Measurement withExtra(Map<String, Double> more) {
    Map<String, Double> all = new LinkedHashMap<>(extra);
    all.putAll(more);
    return new Measurement(
        scenario, target, round, throughput, count, errors, p50, p90, p99, p999, max, all);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  public void appendTo(Path file) {
    try {
      Files.writeString(
          file,
          JSON.writeValueAsString(this) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  public static List<Measurement> readAll(Path file) {
    try {
      List<Measurement> all = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          all.add(JSON.readValue(line, Measurement.class));
        }
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** One line for the console while a run goes on. */
  public String summary() {
    if (count == 0) {
      return "%s %s round %d: %s".formatted(scenario, target, round, extra);
    }
    return "%s %s round %d: %.0f/s p50 %.2f p99 %.2f max %.2f ms, %d errors"
        .formatted(scenario, target, round, throughput, p50, p99, max, errors);
  }
}
