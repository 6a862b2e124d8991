package io.gatehouse.observe.metrics;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.policy.traffic.KnownTools;

/**
 * Records each exchange of one route once it has ended: its count, its duration, the upstream's
 * latency, and, for one refused before the upstream, the refusal's key. Only {@code onComplete}, so
 * the pipeline calls nothing else of it.
 */
final class RequestMetrics implements McpPolicy {
  static final String OK = "ok";
  private static final String NO_TOOL = "";

  private final String route;
  private final RouteMeters meters;
  private final KnownTools knownTools;

  RequestMetrics(String route, RouteMeters meters, KnownTools knownTools) {
    this.route = route;
    this.meters = meters;
    this.knownTools = knownTools;
  }

  @Override
  public void onComplete(McpExchange ex, McpOutcome outcome) {
    String method = MethodLabel.of(ex);
    String result = outcome.error() == null ? OK : outcome.error().key();
    meters.count(method, tool(ex), result);
    meters.time(method, result, System.nanoTime() - ex.startNanos());
    if (outcome.upstreamNanos() >= 0) {
      meters.upstream(outcome.upstreamNanos());
    }
    if (outcome.error() != null && !ex.sentUpstream()) {
      meters.refused(result);
    }
  }

  /** The tool label: the name when the route's upstream listed it, else {@code other}. */
  private String tool(McpExchange ex) {
    String tool = ex.message() == null ? null : ex.message().toolName();
    if (tool == null) {
      return NO_TOOL;
    }
    return knownTools.isKnown(route, tool) ? tool : MethodLabel.OTHER;
  }
}
