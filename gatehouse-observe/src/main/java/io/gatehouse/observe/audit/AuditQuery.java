package io.gatehouse.observe.audit;

import java.util.Set;

/**
 * What to read of the audit log: each filter null when not set; records newest first.
 *
 * @param projects only records of callers in these projects; null for all (the admin token)
 * @param since from this epoch millisecond, inclusive
 * @param until before this epoch millisecond, exclusive
 * @param after the position to continue after (from {@link AuditPage#next}), or null
 */
public record AuditQuery(
    String route,
    String principal,
    String tool,
    Decision decision,
    String key,
    Long since,
    Long until,
    Set<String> projects,
    int limit,
    Position after) {

  /** Where a page ended: the last record's time and id. */
  public record Position(long at, String id) {}

  public AuditQuery {
    projects = projects == null ? null : Set.copyOf(projects);
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
  }

  /** The same selection, {@code limit} records after {@code next}. */
  public AuditQuery page(int limit, Position next) {
    return new AuditQuery(
        route, principal, tool, decision, key, since, until, projects, limit, next);
  }
}
