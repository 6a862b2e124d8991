package io.gatehouse.observe.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.observe.usage.Dimension;
import io.gatehouse.observe.usage.Usage;
import io.gatehouse.observe.usage.UsageQuery;
import io.gatehouse.observe.usage.UsageRow;
import io.gatehouse.store.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit store's contract, run on SQLite and on PostgreSQL: paging newest first with a cursor
 * that does not move when records arrive, every filter, the owners' project filter, the retention
 * purge, and usage buckets and percentiles from records of known latency.
 */
abstract class AuditStoreContract {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  TestDatabases.Throwaway db;
  AuditStore store;

  abstract TestDatabases.Throwaway open();

  @BeforeEach
  void setUp() {
    db = open();
    store = AuditStore.open(db.database());
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  static AuditRecord record(
      Instant at,
      String principal,
      String project,
      String route,
      String tool,
      Decision decision,
      String key,
      long latencyMillis) {
    return new AuditRecord(
        AuditRecords.newId(),
        at.toEpochMilli(),
        principal,
        project,
        route,
        "0123456789abcdef",
        "message",
        "tools/call",
        "1",
        tool,
        decision,
        key,
        decision == Decision.ALLOWED ? 200 : 403,
        decision == Decision.ALLOWED ? 200 : 0,
        latencyMillis * 1000,
        -1,
        100,
        200,
        null,
        null);
  }

  static AuditQuery all(int limit) {
    return new AuditQuery(null, null, null, null, null, null, null, null, limit, null);
  }

  @Test
  void pages_newest_first_and_the_cursor_holds_when_records_arrive() {
    List<AuditRecord> in = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // pairs share a millisecond, so the id breaks the tie
      in.add(
          record(
              T0.plusMillis(i / 2), "api-key:a", "default", "r", "t", Decision.ALLOWED, null, 1));
    }
    store.insert(in);
    AuditPage first = store.page(all(10));
    assertThat(first.records()).hasSize(10);
    assertThat(first.next()).isNotNull();
    store.insert(
        List.of(
            record(
                T0.plusSeconds(60), "api-key:a", "default", "r", "t", Decision.ALLOWED, null, 1)));
    List<String> seen = new ArrayList<>(first.records().stream().map(AuditRecord::id).toList());
    AuditQuery.Position next = first.next();
    while (next != null) {
      AuditPage p = store.page(all(10).page(10, next));
      p.records().forEach(r -> seen.add(r.id()));
      next = p.next();
    }
    List<String> expected =
        in.stream()
            .sorted(
                java.util.Comparator.comparingLong(AuditRecord::at)
                    .thenComparing(AuditRecord::id)
                    .reversed())
            .map(AuditRecord::id)
            .toList();
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void filters_by_route_principal_tool_decision_key_time_and_project() {
    store.insert(
        List.of(
            record(
                T0, "api-key:alice", "blue", "weather", "get-forecast", Decision.ALLOWED, null, 5),
            record(
                T0.plusSeconds(1),
                "api-key:bob",
                "green",
                "weather",
                "get-forecast",
                Decision.REFUSED,
                "TOOL_FORBIDDEN",
                1),
            record(
                T0.plusSeconds(2),
                "api-key:alice",
                "blue",
                "billing",
                "charge",
                Decision.FAILED,
                "UPSTREAM_UNAVAILABLE",
                9),
            record(
                T0.plusSeconds(3),
                null,
                null,
                "billing",
                null,
                Decision.REFUSED,
                "UNAUTHENTICATED",
                1)));
    assertThat(
            targets(new AuditQuery("weather", null, null, null, null, null, null, null, 10, null)))
        .containsExactly("api-key:bob", "api-key:alice");
    assertThat(
            targets(
                new AuditQuery(
                    null, "api-key:alice", null, null, null, null, null, null, 10, null)))
        .containsExactly("api-key:alice", "api-key:alice");
    assertThat(
            targets(new AuditQuery(null, null, "charge", null, null, null, null, null, 10, null)))
        .containsExactly("api-key:alice");
    assertThat(
            keys(
                new AuditQuery(
                    null, null, null, Decision.REFUSED, null, null, null, null, 10, null)))
        .containsExactly("UNAUTHENTICATED", "TOOL_FORBIDDEN");
    assertThat(
            keys(
                new AuditQuery(
                    null, null, null, null, "TOOL_FORBIDDEN", null, null, null, 10, null)))
        .containsExactly("TOOL_FORBIDDEN");
    long since = T0.plusSeconds(1).toEpochMilli();
    long until = T0.plusSeconds(3).toEpochMilli();
    assertThat(keys(new AuditQuery(null, null, null, null, null, since, until, null, 10, null)))
        .containsExactly("UPSTREAM_UNAVAILABLE", "TOOL_FORBIDDEN");
    assertThat(
            targets(
                new AuditQuery(null, null, null, null, null, null, null, Set.of("blue"), 10, null)))
        .containsExactly("api-key:alice", "api-key:alice");
    assertThat(
            store
                .page(new AuditQuery(null, null, null, null, null, null, null, Set.of(), 10, null))
                .records())
        .isEmpty();
  }

  private List<String> targets(AuditQuery q) {
    return store.page(q).records().stream().map(AuditRecord::principal).toList();
  }

  private List<String> keys(AuditQuery q) {
    return store.page(q).records().stream().map(AuditRecord::errorKey).toList();
  }

  @Test
  void the_purge_deletes_only_records_past_retention() {
    Instant now = T0.plus(Duration.ofDays(40));
    store.insert(
        List.of(
            record(
                now.minus(Duration.ofDays(31)),
                "api-key:a",
                "default",
                "r",
                "t",
                Decision.ALLOWED,
                null,
                1),
            record(
                now.minus(Duration.ofDays(30)).minusSeconds(1),
                "api-key:a",
                "default",
                "r",
                "t",
                Decision.ALLOWED,
                null,
                1),
            record(
                now.minus(Duration.ofDays(29)),
                "api-key:a",
                "default",
                "r",
                "t",
                Decision.ALLOWED,
                null,
                1)));
    AuditLog log =
        new AuditLog(
            new AuditConfig(Duration.ofDays(30), 10, false),
            new SimpleMeterRegistry(),
            Clock.fixed(now, ZoneOffset.UTC));
    log.open(store);
    try {
      // the writer purges once as it opens; a second purge finds nothing more
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> store.page(all(10)).records().size() == 1);
      assertThat(log.purge()).isZero();
      assertThat(store.page(all(10)).records().getFirst().at())
          .isEqualTo(now.minus(Duration.ofDays(29)).toEpochMilli());
    } finally {
      log.close();
    }
  }

  @Test
  void usage_counts_calls_errors_and_refusals_with_nearest_rank_percentiles_per_bucket() {
    List<AuditRecord> in = new ArrayList<>();
    // alice calls forecast 100 times in the first hour with latencies 1..100 ms
    for (int i = 1; i <= 100; i++) {
      in.add(
          record(
              T0.plusSeconds(i),
              "api-key:alice",
              "default",
              "weather",
              "forecast",
              Decision.ALLOWED,
              null,
              i));
    }
    // in the second hour: 3 of bob's, one refused and one failed, latencies 10, 20, 30
    in.add(
        record(
            T0.plus(Duration.ofMinutes(61)),
            "api-key:bob",
            "default",
            "weather",
            "forecast",
            Decision.ALLOWED,
            null,
            10));
    in.add(
        record(
            T0.plus(Duration.ofMinutes(62)),
            "api-key:bob",
            "default",
            "weather",
            "forecast",
            Decision.REFUSED,
            "RATE_LIMITED",
            20));
    in.add(
        record(
            T0.plus(Duration.ofMinutes(63)),
            "api-key:bob",
            "default",
            "weather",
            "forecast",
            Decision.FAILED,
            "UPSTREAM_TIMEOUT",
            30));
    // outside the range
    in.add(
        record(
            T0.plus(Duration.ofHours(3)),
            "api-key:bob",
            "default",
            "weather",
            "forecast",
            Decision.ALLOWED,
            null,
            1));
    store.insert(in);

    List<UsageRow> rows =
        new Usage(store)
            .compute(
                new UsageQuery(
                    T0,
                    T0.plus(Duration.ofHours(2)),
                    Duration.ofHours(1),
                    List.of(Dimension.CONSUMER, Dimension.TOOL),
                    null,
                    null));
    assertThat(rows).hasSize(2);
    UsageRow alice = rows.get(0);
    assertThat(alice.bucket()).isEqualTo(T0);
    assertThat(alice.group()).containsExactly("api-key:alice", "forecast");
    assertThat(alice.calls()).isEqualTo(100);
    assertThat(alice.p50Millis()).isEqualTo(50.0);
    assertThat(alice.p95Millis()).isEqualTo(95.0);
    UsageRow bob = rows.get(1);
    assertThat(bob.bucket()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(bob.group()).containsExactly("api-key:bob", "forecast");
    assertThat(List.of(bob.calls(), bob.errors(), bob.refusals())).containsExactly(3L, 1L, 1L);
    assertThat(bob.p50Millis()).isEqualTo(20.0);
    assertThat(bob.p95Millis()).isEqualTo(30.0);

    List<UsageRow> owners =
        new Usage(store)
            .compute(
                new UsageQuery(
                    T0,
                    T0.plus(Duration.ofHours(2)),
                    Duration.ofHours(2),
                    List.of(),
                    null,
                    Set.of("other")));
    assertThat(owners).isEmpty();
  }

  @Test
  void usage_refuses_a_range_longer_than_31_days_or_too_many_buckets() {
    Usage usage = new Usage(store);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                usage.compute(
                    new UsageQuery(
                        T0,
                        T0.plus(Duration.ofDays(32)),
                        Duration.ofDays(1),
                        List.of(),
                        null,
                        null)))
        .isInstanceOf(GatehouseException.class)
        .hasMessageContaining("31 days")
        .extracting(e -> ((GatehouseException) e).error().key())
        .isEqualTo("USAGE_TOO_LARGE");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                usage.compute(
                    new UsageQuery(
                        T0,
                        T0.plus(Duration.ofDays(7)),
                        Duration.ofMinutes(1),
                        List.of(),
                        null,
                        null)))
        .hasMessageContaining("buckets");
  }
}
