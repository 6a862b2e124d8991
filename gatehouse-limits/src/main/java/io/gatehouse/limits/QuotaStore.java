package io.gatehouse.limits;

import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota windows in the store. Counts are written behind the request path: a call marks its window
 * dirty, and a background thread writes the dirty windows about once a second, keeping the larger
 * count, so a crash loses at most the last second's counts (those calls are not counted again).
 */
public final class QuotaStore implements AutoCloseable {
  public static final String MIGRATIONS = "classpath:db/limits";
  private static final Logger log = LoggerFactory.getLogger(QuotaStore.class);
  private static final long KEEP_MILLIS = 35L * 86_400_000L;

  private final Database db;
  private final Map<String, QuotaRow> dirty = new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer;

  private QuotaStore(Database db, long flushMillis) {
    this.db = db;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("gatehouse-quota-writer").factory());
    writer.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs the migrations and starts the writer. */
  public static QuotaStore open(Database db) {
    db.migrate("limits", MIGRATIONS);
    QuotaStore s = new QuotaStore(db, 1000);
    s.forgetOld(System.currentTimeMillis());
    return s;
  }

  /** Marks a window's count to be written. */
  void dirty(QuotaRow row) {
    dirty.merge(
        row.key().id() + "@" + row.windowStart(), row, (a, b) -> a.used() >= b.used() ? a : b);
  }

  /** The count stored for a window; blocks on the store. */
  OptionalLong used(CounterKey key, long windowStart) {
    return db.read(
        tx ->
            tx.first(
                    "SELECT used FROM limits_quota_windows WHERE counter_key = ? AND window_start = ?",
                    rs -> rs.getLong(1),
                    key.id(),
                    windowStart)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty()));
  }

  /** The windows of {@code consumer} (optionally on one route) not yet ended at {@code now}. */
  public List<QuotaRow> windows(String consumer, String route, long now) {
    return db.read(
        tx ->
            tx.list(
                "SELECT route, limit_name, consumer, project, tool, window_start, window_end, used,"
                    + " quota FROM limits_quota_windows WHERE consumer = ? AND window_end > ?"
                    + (route == null ? "" : " AND route = ?")
                    + " ORDER BY route, limit_name, tool, window_start",
                rs ->
                    new QuotaRow(
                        new CounterKey(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            "",
                            rs.getString(5)),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9)),
                route == null
                    ? new Object[] {consumer, now}
                    : new Object[] {consumer, now, route}));
  }

  /** Writes every dirty window now. */
  public void flush() {
    if (dirty.isEmpty()) {
      return;
    }
    List<QuotaRow> rows = new ArrayList<>();
    for (String k : List.copyOf(dirty.keySet())) {
      QuotaRow r = dirty.remove(k);
      if (r != null) {
        rows.add(r);
      }
    }
    long now = System.currentTimeMillis();
    List<Object[]> args = new ArrayList<>(rows.size());
    for (QuotaRow r : rows) {
      CounterKey k = r.key();
      args.add(
          new Object[] {
            k.id(),
            r.windowStart(),
            r.windowEnd(),
            k.route(),
            k.limit(),
            k.tool(),
            k.consumer(),
            k.project(),
            r.used(),
            r.quota(),
            now
          });
    }
    try {
      db.write(
          tx -> {
            tx.batch(
                "INSERT INTO limits_quota_windows (counter_key, window_start, window_end, route,"
                    + " limit_name, tool, consumer, project, used, quota, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (counter_key, window_start) DO UPDATE SET"
                    + " used = CASE WHEN excluded.used > limits_quota_windows.used"
                    + " THEN excluded.used ELSE limits_quota_windows.used END,"
                    + " quota = excluded.quota, updated_at = excluded.updated_at",
                args);
            return null;
          });
    } catch (StoreException e) {
      // Keep them for the next round; a newer count for the same window wins the merge.
      rows.forEach(this::dirty);
      log.warn("limits: writing {} quota window(s) failed ({}); retrying", rows.size(), e.code());
    }
  }

  private void forgetOld(long now) {
    try {
      db.write(
          tx ->
              tx.update(
                  "DELETE FROM limits_quota_windows WHERE window_end < ?", now - KEEP_MILLIS));
    } catch (StoreException e) {
      log.warn("limits: removing old quota windows failed ({})", e.code());
    }
  }

  /** Stops the writer after writing what is left. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
