package io.gatehouse.observe.usage;

import java.time.Instant;
import java.util.List;

/**
 * One bucket and group of usage.
 *
 * @param group the group's value for each dimension of the query, in order (null where a record had
 *     none: an anonymous caller, a message without a tool)
 * @param calls the records in the group
 * @param errors those that failed (upstream errors, Gatehouse's own)
 * @param refusals those a policy refused (UNAUTHENTICATED, RATE_LIMITED, ...)
 * @param p50Millis the median latency, nearest rank
 * @param p95Millis the 95th percentile latency, nearest rank
 */
public record UsageRow(
    Instant bucket,
    List<String> group,
    long calls,
    long errors,
    long refusals,
    double p50Millis,
    double p95Millis) {
  public UsageRow {
    group = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(group));
  }
}
