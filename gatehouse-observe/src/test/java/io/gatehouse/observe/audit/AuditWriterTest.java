package io.gatehouse.observe.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcId;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.MessageKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The writer on its own: records offered before the store opens wait and are written once it does,
 * a store that fails once is retried, one that keeps failing costs the batch (counted), not the
 * writer.
 */
class AuditWriterTest {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<AuditRecord> stored = new CopyOnWriteArrayList<>();

  static AuditEvent event(int id) {
    JsonRpcMessage m =
        new JsonRpcMessage(
            MessageKind.REQUEST, JsonRpcId.of(id), "tools/call", "echo", null, null, false, null);
    return new AuditEvent(
        1_000L,
        null,
        "r",
        "s",
        McpExchange.Entry.MESSAGE,
        m,
        200,
        null,
        200,
        1000,
        -1,
        10,
        -1,
        null,
        null);
  }

  AuditLog log() {
    return new AuditLog(new AuditConfig(Duration.ofDays(1), 100, false), meters, Clock.systemUTC());
  }

  @Test
  void records_offered_before_the_store_opens_are_written_once_it_does() {
    try (AuditLog log = log()) {
      for (int i = 1; i <= 3; i++) {
        assertThat(log.offer(event(i))).isTrue();
      }
      assertThat(meters.get("gatehouse.audit.queued").gauge().value()).isEqualTo(3);
      log.open(sink(0));
      await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 3);
      assertThat(stored).extracting(AuditRecord::requestId).containsExactly("1", "2", "3");
    }
  }

  @Test
  void a_store_that_fails_once_is_retried_and_one_that_keeps_failing_costs_the_batch() {
    try (AuditLog log = log()) {
      log.open(sink(1));
      log.offer(event(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() == 1);
      assertThat(meters.get("gatehouse.audit.written").counter().count()).isEqualTo(1);
    }
    stored.clear();
    try (AuditLog log = log()) {
      log.open(sink(Integer.MAX_VALUE));
      log.offer(event(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  meters
                          .get("gatehouse.audit.dropped")
                          .tag("reason", "store-failed")
                          .counter()
                          .count()
                      == 1);
      assertThat(stored).isEmpty();
    }
  }

  @Test
  void a_closed_log_writes_what_waits_first() {
    AuditLog log = log();
    log.open(sink(0));
    for (int i = 1; i <= 50; i++) {
      log.offer(event(i));
    }
    log.close();
    assertThat(stored).hasSize(50);
  }

  /** A sink that fails its first {@code failures} inserts, then keeps what it is given. */
  AuditSink sink(int failures) {
    AtomicInteger left = new AtomicInteger(failures);
    return new AuditSink() {
      @Override
      public void insert(List<AuditRecord> records) {
        if (left.getAndDecrement() > 0) {
          throw new IllegalStateException("the store is down");
        }
        stored.addAll(records);
      }

      @Override
      public int purge(long before) {
        return 0;
      }
    };
  }
}
