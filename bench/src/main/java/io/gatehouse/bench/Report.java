package io.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one run's measurements into {@code report.md}: per scenario the median, min and max over
 * the rounds for each target, the ratios gateway/direct and gateway/nginx of the medians, the
 * latency the gateway adds, the goals of the benchmark with where this run stands, the JMH table
 * and the machine.
 */
final class Report {
  private static final List<String> TARGETS =
      List.of("direct", "nginx", "gateway", "gateway-policies", "baseline");
  private static final String CPU = "cpu_us_per_call";

  private final List<Measurement> all;
  private final StringBuilder md = new StringBuilder();

  private Report(List<Measurement> all) {
    this.all = all;
  }

  static String write(Path results, Path jmhJson, Path machine, String title) throws IOException {
    Report r = new Report(Measurement.readAll(results));
    r.md.append("# ").append(title).append("\n\n");
    r.goals();
    r.loads();
    r.memory();
    r.figures();
    if (jmhJson != null && Files.exists(jmhJson)) {
      r.jmh(jmhJson);
    }
    if (machine != null && Files.exists(machine)) {
      r.md
          .append("## Machine and method\n\n")
          .append(Files.readString(machine, StandardCharsets.UTF_8).strip())
          .append("\n");
    }
    return r.md.toString();
  }

  // ---- the goals ----

  private void goals() {
    md.append("## Goals\n\n| goal | this run | met |\n|---|---|---|\n");
    throughputGoal("call-1k-c16", 1.0, "1 KiB tools/call, 16 sessions");
    throughputGoal("call-1k-c128", 1.0, "1 KiB tools/call, 128 sessions");
    throughputGoal("call-64k-c16", 1.0, "64 KiB tools/call, 16 sessions");
    throughputGoal("sse-1k-c16", 0.8, "1 KiB calls answered as SSE, 16 sessions");
    throughputGoal("modern-1k-c16", 1.0, "2026-07-28 1 KiB tools/call, 16 clients");
    throughputGoal("modern-sse-1k-c16", 0.8, "2026-07-28 1 KiB calls answered as SSE, 16 clients");
    Double gw = median("call-1k-c16", "gateway", Measurement::throughput);
    Double direct = median("call-1k-c16", "direct", Measurement::throughput);
    if (gw != null && direct != null) {
      goal(
          "1 KiB c16: gateway/direct well above agentgateway's 0.33x",
          "%.2fx (%.0f vs %.0f calls/s)".formatted(gw / direct, gw, direct),
          gw / direct > 0.33);
    }
    for (String scenario : scenarios(true)) {
      Double cpuGw = cpu(scenario, "gateway");
      Double cpuNginx = cpu(scenario, "nginx");
      if (cpuGw != null && cpuNginx != null) {
        goal(
            scenario + ": gateway CPU per call <= 2x nginx's",
            "%.2fx (%.0f vs %.0f us)".formatted(cpuGw / cpuNginx, cpuGw, cpuNginx),
            cpuGw / cpuNginx <= 2.0);
      }
    }
    Double added500 = added("rate-500", Measurement::p99);
    if (added500 != null) {
      goal(
          "500 calls/s: added p99 over direct <= 1 ms",
          "%+.2f ms".formatted(added500),
          added500 <= 1.0);
    }
    Double added3000 = added("rate-3000", Measurement::p99);
    if (added3000 != null) {
      goal(
          "3,000 calls/s: added p99 over direct <= 0.5 ms",
          "%+.2f ms".formatted(added3000),
          added3000 <= 0.5);
    }
    Double init = added("setup-c1", Measurement::p50);
    if (init != null) {
      goal("initialize: <= 1 ms more than direct (p50)", "%+.2f ms".formatted(init), init <= 1.0);
    }
    Double rss = figureMedian("idle-10k", "gateway", "rss_after_mib");
    if (rss != null) {
      goal(
          "10,000 idle sessions in <= 200 MB RSS",
          "%.0f MB (%.0f MiB)".formatted(rss * 1.048576, rss),
          rss * 1.048576 <= 200);
    }
    for (MemorySeries series : MemorySeries.of(all)) {
      MemorySeries.Goal g = series.goal();
      goal(g.goal(), g.value(), g.met());
    }
    Double ready = figureMedian("startup", "gateway", "seconds_to_ready");
    if (ready != null) {
      goal("ready <= 1 s from start", "%.2f s".formatted(ready), ready <= 1.0);
    }
    md.append("\n");
  }

  private void throughputGoal(String scenario, double atLeast, String what) {
    Double gw = median(scenario, "gateway", Measurement::throughput);
    Double nginx = median(scenario, "nginx", Measurement::throughput);
    if (gw != null && nginx != null) {
      goal(
          what + ": gateway >= %.1fx nginx".formatted(atLeast),
          "%.2fx (%.0f vs %.0f calls/s)".formatted(gw / nginx, gw, nginx),
          gw / nginx >= atLeast);
    }
  }

  private Double cpu(String scenario, String target) {
    return figureMedian(scenario, target, CPU);
  }

  private void goal(String goal, String value, boolean met) {
    md.append("| ")
        .append(goal)
        .append(" | ")
        .append(value)
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
  }

  private Double added(String scenario, ToDoubleFunction<Measurement> f) {
    return addedFor(scenario, "gateway", f);
  }

  // ---- load scenarios: throughput and latency per target ----

  private void loads() {
    if (scenarios(true).isEmpty()) {
      return;
    }
    md.append(
            "## Load scenarios\n\nMedian over the rounds, [min–max] in brackets; latency in ms; CPU is the proxy's own "
                + "user+system time per call over the measured window (nginx's workers included).\n\n")
        .append(
            "| scenario | target | calls/s | p50 | p90 | p99 | p99.9 | errors | CPU us/call | ×direct | ×nginx | CPU ×nginx |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (String scenario : scenarios(true)) {
      Double direct = median(scenario, "direct", Measurement::throughput);
      Double nginx = median(scenario, "nginx", Measurement::throughput);
      Double nginxCpu = cpu(scenario, "nginx");
      for (String target : TARGETS) {
        List<Measurement> runs = runs(scenario, target);
        if (runs.isEmpty()) {
          continue;
        }
        double tp = median(runs, Measurement::throughput);
        List<Measurement> withCpu = runs.stream().filter(m -> m.extra().containsKey(CPU)).toList();
        Double cpu = withCpu.isEmpty() ? null : median(withCpu, m -> m.extra().get(CPU));
        boolean gateway = target.startsWith("gateway") || target.equals("baseline");
        md.append("| ")
            .append(scenario)
            .append(" | ")
            .append(target)
            .append(" | ")
            .append(spread(runs, Measurement::throughput, "%.0f"))
            .append(" | ")
            .append(spread(runs, Measurement::p50, "%.2f"))
            .append(" | ")
            .append("%.2f".formatted(median(runs, Measurement::p90)))
            .append(" | ")
            .append(spread(runs, Measurement::p99, "%.2f"))
            .append(" | ")
            .append("%.2f".formatted(median(runs, Measurement::p999)))
            .append(" | ")
            .append(runs.stream().mapToLong(Measurement::errors).sum())
            .append(" | ")
            .append(withCpu.isEmpty() ? "" : spread(withCpu, m -> m.extra().get(CPU), "%.0f"))
            .append(" | ")
            .append(target.equals("direct") || direct == null ? "" : "%.2f".formatted(tp / direct))
            .append(" | ")
            .append(!gateway || nginx == null ? "" : "%.2f".formatted(tp / nginx))
            .append(" | ")
            .append(
                !gateway || cpu == null || nginxCpu == null ? "" : "%.2f".formatted(cpu / nginxCpu))
            .append(" |\n");
      }
    }
    md.append("\n");
    addedLatency();
    against(
        "gateway-policies",
        "gateway",
        "The policy set against no policies (same build, same run):");
    against("gateway", "baseline", "This build against the baseline build (same run):");
    eras();
  }

  /**
   * Each 2026-07-28 scenario against its session-era twin, target by target: what the stateless
   * path (no session to seal and open, the version checked on every request) costs in this run.
   */
  private void eras() {
    Map<String, String> twins =
        Map.of("modern-1k-c16", "call-1k-c16", "modern-sse-1k-c16", "sse-1k-c16");
    List<String> modern =
        scenarios(true).stream()
            .filter(s -> twins.containsKey(s) && scenarios(true).contains(twins.get(s)))
            .toList();
    if (modern.isEmpty()) {
      return;
    }
    md.append("2026-07-28 clients against session-era clients (same target, same run):\n\n")
        .append(
            "| scenario | against | target | calls/s ×session era | CPU us/call ×session era | +p99 ms |\n")
        .append("|---|---|---|---|---|---|\n");
    for (String scenario : modern) {
      String twin = twins.get(scenario);
      for (String target : TARGETS) {
        Double tp = median(scenario, target, Measurement::throughput);
        Double base = median(twin, target, Measurement::throughput);
        if (tp == null || base == null) {
          continue;
        }
        Double cpu = cpu(scenario, target);
        Double cpuBase = cpu(twin, target);
        md.append(
            "| %s | %s | %s | %.2f | %s | %+.2f |\n"
                .formatted(
                    scenario,
                    twin,
                    target,
                    tp / base,
                    cpu == null || cpuBase == null ? "" : "%.2f".formatted(cpu / cpuBase),
                    median(scenario, target, Measurement::p99)
                        - median(twin, target, Measurement::p99)));
      }
    }
    md.append("\n");
  }

  /** At fixed rates, what the proxies add to direct's latency, the way agentgateway reports it. */
  private void addedLatency() {
    List<String> rates = scenarios(true).stream().filter(s -> s.startsWith("rate-")).toList();
    if (rates.isEmpty()) {
      return;
    }
    md.append("Latency added over direct at fixed rates (medians over the rounds), ms:\n\n")
        .append("| scenario | target | +p50 | +p90 | +p99 |\n|---|---|---|---|---|\n");
    for (String scenario : rates) {
      for (String target : TARGETS.subList(1, TARGETS.size())) {
        Double p50 = addedFor(scenario, target, Measurement::p50);
        if (p50 == null) {
          continue;
        }
        md.append("| ")
            .append(scenario)
            .append(" | ")
            .append(target)
            .append(" | ")
            .append("%+.2f".formatted(p50))
            .append(" | ")
            .append("%+.2f".formatted(addedFor(scenario, target, Measurement::p90)))
            .append(" | ")
            .append("%+.2f".formatted(addedFor(scenario, target, Measurement::p99)))
            .append(" |\n");
      }
    }
    md.append("\n");
  }

  /** One gateway target against another: a policy set's cost, or an A/B of two builds. */
  private void against(String target, String reference, String title) {
    List<String> both =
        scenarios(true).stream()
            .filter(s -> !runs(s, target).isEmpty() && !runs(s, reference).isEmpty())
            .toList();
    if (both.isEmpty()) {
      return;
    }
    md.append(title)
        .append("\n\n")
        .append("| scenario | calls/s ×")
        .append(reference)
        .append(" | CPU us/call ×")
        .append(reference)
        .append(" | CPU us/call added | +p99 ms |\n|---|---|---|---|---|\n");
    for (String scenario : both) {
      Double tp = median(scenario, target, Measurement::throughput);
      Double base = median(scenario, reference, Measurement::throughput);
      Double cpuP = cpu(scenario, target);
      Double cpuG = cpu(scenario, reference);
      Double p99P = median(scenario, target, Measurement::p99);
      Double p99G = median(scenario, reference, Measurement::p99);
      md.append("| ")
          .append(scenario)
          .append(" | ")
          .append(tp == null || base == null ? "" : "%.2f".formatted(tp / base))
          .append(" | ")
          .append(cpuP == null || cpuG == null ? "" : "%.2f".formatted(cpuP / cpuG))
          .append(" | ")
          .append(cpuP == null || cpuG == null ? "" : "%+.1f".formatted(cpuP - cpuG))
          .append(" | ")
          .append(p99P == null || p99G == null ? "" : "%+.2f".formatted(p99P - p99G))
          .append(" |\n");
    }
    md.append("\n");
  }

  private Double addedFor(String scenario, String target, ToDoubleFunction<Measurement> f) {
    Double t = median(scenario, target, f);
    Double direct = median(scenario, "direct", f);
    return t == null || direct == null ? null : t - direct;
  }

  /** What 2026-07-28 clients cost the gateway in memory, point by point ({@link MemoryRun}). */
  private void memory() {
    List<MemorySeries> series = MemorySeries.of(all);
    if (series.isEmpty()) {
      return;
    }
    md.append("## Memory under 2026-07-28 load\n\n");
    series.forEach(s -> md.append(s.table()));
  }

  // ---- figure scenarios: idle sessions, startup, ... ----

  private void figures() {
    List<String> scenarios =
        scenarios(false).stream()
            .filter(
                s -> all.stream().noneMatch(m -> m.scenario().equals(s) && MemorySeries.isPoint(m)))
            .toList();
    if (scenarios.isEmpty()) {
      return;
    }
    md.append(
        "## Figures\n\nMedian over the rounds, [min–max] in brackets.\n\n| scenario | target | figure | value |\n|---|---|---|---|\n");
    for (String scenario : scenarios) {
      for (String target : TARGETS) {
        List<Measurement> runs = runs(scenario, target);
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(m -> names.addAll(m.extra().keySet()));
        for (String name : names) {
          md.append("| ")
              .append(scenario)
              .append(" | ")
              .append(target)
              .append(" | ")
              .append(name)
              .append(" | ")
              .append(spread(runs, m -> m.extra().getOrDefault(name, Double.NaN), "%.2f"))
              .append(" |\n");
        }
      }
    }
    md.append("\n");
  }

  private void jmh(Path json) throws IOException {
    JsonNode results = JsonMapper.builder().build().readTree(json.toFile());
    md.append(
        "## Microbenchmarks (JMH)\n\n| benchmark | params | score | error | unit |\n|---|---|---|---|---|\n");
    for (JsonNode r : results) {
      String name = r.path("benchmark").asString().replace("io.gatehouse.bench.jmh.", "");
      List<String> params = new ArrayList<>();
      r.path("params")
          .properties()
          .forEach(e -> params.add(e.getKey() + "=" + e.getValue().asString()));
      JsonNode metric = r.path("primaryMetric");
      md.append("| ")
          .append(name)
          .append(" | ")
          .append(String.join(", ", params))
          .append(" | ")
          .append("%.3f".formatted(metric.path("score").asDouble()))
          .append(" | ")
          .append(
              metric.path("scoreError").isNumber()
                  ? "± %.3f".formatted(metric.path("scoreError").asDouble())
                  : "")
          .append(" | ")
          .append(metric.path("scoreUnit").asString())
          .append(" |\n");
    }
    md.append("\n");
  }

  // ---- helpers ----

  private List<String> scenarios(boolean loads) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Measurement m : all) {
      seen.putIfAbsent(
          m.scenario(), m.count() > 0 || m.extra().isEmpty() || m.extra().containsKey(CPU));
    }
    List<String> out = new ArrayList<>();
    seen.forEach(
        (scenario, isLoad) -> {
          if (isLoad == loads) {
            out.add(scenario);
          }
        });
    return out;
  }

  private List<Measurement> runs(String scenario, String target) {
    return all.stream()
        .filter(m -> m.scenario().equals(scenario) && m.target().equals(target))
        .toList();
  }

  private Double median(String scenario, String target, ToDoubleFunction<Measurement> f) {
    List<Measurement> runs = runs(scenario, target);
    return runs.isEmpty() ? null : median(runs, f);
  }

  private Double figureMedian(String scenario, String target, String figure) {
    List<Measurement> runs =
        runs(scenario, target).stream().filter(m -> m.extra().containsKey(figure)).toList();
    return runs.isEmpty() ? null : median(runs, m -> m.extra().get(figure));
  }

  static double median(List<Measurement> runs, ToDoubleFunction<Measurement> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String spread(
      List<Measurement> runs, ToDoubleFunction<Measurement> f, String format) {
    String median = format.formatted(median(runs, f));
    if (runs.size() < 2) {
      return median;
    }
    double min = runs.stream().mapToDouble(f).min().orElseThrow();
    double max = runs.stream().mapToDouble(f).max().orElseThrow();
    return median + " [" + format.formatted(min) + "–" + format.formatted(max) + "]";
  }
}
