package io.gatehouse.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one route, looked up by their labels through nested maps of the label values (no
 * key object or string is built per request), and registered on first use. Every label value comes
 * from a bounded set: the fixed method list, the route's known tools, the error keys.
 */
final class RouteMeters {
  static final String REQUESTS = "gatehouse.mcp.requests";
  static final String DURATION = "gatehouse.mcp.request.duration";
  static final String UPSTREAM = "gatehouse.upstream.duration";
  static final String REFUSALS = "gatehouse.policy.refusals";

  /** Buckets of the duration histograms: from a cached answer to a long tool call. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private final MeterRegistry registry;
  private final String route;
  private final Map<String, Map<String, Map<String, Counter>>> requests = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Timer>> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
  private final Timer upstream;

  RouteMeters(MeterRegistry registry, String route) {
    this.registry = registry;
    this.route = route;
    this.upstream =
        Timer.builder(UPSTREAM)
            .description("From sending a request upstream to its answer's headers")
            .tag("route", route)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
  }

  void count(String method, String tool, String outcome) {
    Map<String, Map<String, Counter>> byTool = requests.get(method);
    if (byTool == null) {
      byTool = requests.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
    }
    Map<String, Counter> byOutcome = byTool.get(tool);
    if (byOutcome == null) {
      byOutcome = byTool.computeIfAbsent(tool, t -> new ConcurrentHashMap<>());
    }
    Counter c = byOutcome.get(outcome);
    if (c == null) {
      c =
          byOutcome.computeIfAbsent(
              outcome,
              o ->
                  Counter.builder(REQUESTS)
                      .description("MCP messages answered, by route, method, tool and outcome")
                      .tags("route", route, "method", method, "tool", tool, "outcome", o)
                      .register(registry));
    }
    c.increment();
  }

  void time(String method, String outcome, long nanos) {
    Map<String, Timer> byOutcome = durations.get(method);
    if (byOutcome == null) {
      byOutcome = durations.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
    }
    Timer t = byOutcome.get(outcome);
    if (t == null) {
      t =
          byOutcome.computeIfAbsent(
              outcome,
              o ->
                  Timer.builder(DURATION)
                      .description("From the request's arrival to the end of its answer")
                      .tags("route", route, "method", method, "outcome", o)
                      .serviceLevelObjectives(BUCKETS)
                      .register(registry));
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  void upstream(long nanos) {
    upstream.record(nanos, TimeUnit.NANOSECONDS);
  }

  void refused(String key) {
    Counter c = refusals.get(key);
    if (c == null) {
      c =
          refusals.computeIfAbsent(
              key,
              k ->
                  Counter.builder(REFUSALS)
                      .description("Exchanges refused before reaching the upstream, by error key")
                      .tags("route", route, "key", k)
                      .register(registry));
    }
    c.increment();
  }
}
