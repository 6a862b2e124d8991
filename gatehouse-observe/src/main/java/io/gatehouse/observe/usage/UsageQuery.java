package io.gatehouse.observe.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What usage to compute.
 *
 * @param from the first bucket starts here (inclusive)
 * @param to the range ends here (exclusive)
 * @param bucket each bucket's length; buckets start at {@code from}
 * @param groupBy the dimensions of each group, in order; empty: one group per bucket
 * @param method only records of this JSON-RPC method ({@code tools/call}), or null for all
 * @param projects only records of callers in these projects; null for all
 */
public record UsageQuery(
    Instant from,
    Instant to,
    Duration bucket,
    List<Dimension> groupBy,
    String method,
    Set<String> projects) {
  public UsageQuery {
    groupBy = List.copyOf(groupBy);
    projects = projects == null ? null : Set.copyOf(projects);
  }
}
