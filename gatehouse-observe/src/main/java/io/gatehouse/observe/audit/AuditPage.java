package io.gatehouse.observe.audit;

import java.util.List;

/**
 * One page of audit records, newest first.
 *
 * @param next where the next page starts, or null when this one is the last
 */
public record AuditPage(List<AuditRecord> records, AuditQuery.Position next) {
  public AuditPage {
    records = List.copyOf(records);
  }
}
