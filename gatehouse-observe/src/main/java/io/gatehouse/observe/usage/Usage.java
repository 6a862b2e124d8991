package io.gatehouse.observe.usage;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.observe.audit.AuditRecord;
import io.gatehouse.observe.audit.AuditStore;
import io.gatehouse.observe.audit.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes usage from the audit records in one pass over the range. What bounds it: the records
 * kept (audit retention), a range of at most {@link #MAX_RANGE}, at most {@link #MAX_BUCKETS}
 * buckets of at least a minute, and at most {@link #MAX_RECORDS} records read.
 */
public final class Usage {
  public static final Duration MAX_RANGE = Duration.ofDays(31);
  public static final Duration MIN_BUCKET = Duration.ofMinutes(1);
  public static final int MAX_BUCKETS = 2000;
  public static final long MAX_RECORDS = 2_000_000;

  public static final ErrorKey USAGE_TOO_LARGE =
      ErrorKey.of(
          "USAGE_TOO_LARGE",
          422,
          -32602,
          "Ask for a shorter range (at most 31 days), larger buckets (at most 2000 of them), or"
              + " filter by method; usage reads at most 2,000,000 records at a time.");

  private final AuditStore store;

  public Usage(AuditStore store) {
    this.store = store;
  }

  /** The usage {@code q} asks for, by bucket then group. */
  public List<UsageRow> compute(UsageQuery q) {
    check(q);
    long from = q.from().toEpochMilli();
    long size = q.bucket().toMillis();
    Map<Key, Tally> tallies = new HashMap<>();
    long read =
        store.scan(
            from,
            q.to().toEpochMilli(),
            q.projects(),
            MAX_RECORDS + 1,
            r -> {
              if (q.method() != null && !q.method().equals(r.method())) {
                return;
              }
              long bucket = from + (r.at() - from) / size * size;
              tallies.computeIfAbsent(new Key(bucket, group(q, r)), k -> new Tally()).add(r);
            });
    if (read > MAX_RECORDS) {
      throw new GatehouseException(
          USAGE_TOO_LARGE, "the range holds more than " + MAX_RECORDS + " audit records");
    }
    List<UsageRow> rows = new ArrayList<>(tallies.size());
    tallies.forEach((k, t) -> rows.add(t.row(k)));
    rows.sort(
        Comparator.comparing(UsageRow::bucket)
            .thenComparing(r -> String.valueOf(r.group()), Comparator.naturalOrder()));
    return rows;
  }

  private static void check(UsageQuery q) {
    if (!q.to().isAfter(q.from())) {
      throw new GatehouseException(
          io.gatehouse.core.Errors.INVALID_REQUEST,
          "to: " + q.to() + " (expected: after from, " + q.from() + ")");
    }
    Duration range = Duration.between(q.from(), q.to());
    if (range.compareTo(MAX_RANGE) > 0) {
      throw new GatehouseException(
          USAGE_TOO_LARGE, "from " + q.from() + " to " + q.to() + " is longer than 31 days");
    }
    if (q.bucket().compareTo(MIN_BUCKET) < 0) {
      throw new GatehouseException(
          io.gatehouse.core.Errors.INVALID_REQUEST,
          "bucket: " + q.bucket() + " (expected: at least 1m)");
    }
    long buckets = (range.toMillis() + q.bucket().toMillis() - 1) / q.bucket().toMillis();
    if (buckets > MAX_BUCKETS) {
      throw new GatehouseException(
          USAGE_TOO_LARGE,
          buckets + " buckets of " + q.bucket() + " (expected: at most " + MAX_BUCKETS + ")");
    }
  }

  private static List<String> group(UsageQuery q, AuditRecord r) {
    List<String> g = new ArrayList<>(q.groupBy().size());
    for (Dimension d : q.groupBy()) {
      g.add(d.of(r));
    }
    return g;
  }

  private record Key(long bucket, List<String> group) {}

  /** The counts and latencies of one bucket and group. */
  private static final class Tally {
    private long calls;
    private long errors;
    private long refusals;
    private long[] latencies = new long[16];

    void add(AuditRecord r) {
      if (calls == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[(int) calls++] = r.latencyMicros();
      if (r.decision() == Decision.FAILED) {
        errors++;
      } else if (r.decision() == Decision.REFUSED) {
        refusals++;
      }
    }

    UsageRow row(Key k) {
      long[] sorted = Arrays.copyOf(latencies, (int) calls);
      Arrays.sort(sorted);
      return new UsageRow(
          Instant.ofEpochMilli(k.bucket()),
          k.group(),
          calls,
          errors,
          refusals,
          nearestRank(sorted, 50) / 1000.0,
          nearestRank(sorted, 95) / 1000.0);
    }
  }

  /**
   * The {@code p}th percentile of {@code sorted} by nearest rank: the smallest value covering p%.
   */
  static long nearestRank(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
