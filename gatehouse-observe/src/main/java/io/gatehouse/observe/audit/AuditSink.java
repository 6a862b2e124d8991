package io.gatehouse.observe.audit;

import java.util.List;

/** Where {@link AuditLog} writes: the store, in production. */
public interface AuditSink {
  /** Stores {@code records} as a whole; may block. */
  void insert(List<AuditRecord> records);

  /** Deletes the records from before {@code before} (epoch ms); returns how many. */
  int purge(long before);
}
