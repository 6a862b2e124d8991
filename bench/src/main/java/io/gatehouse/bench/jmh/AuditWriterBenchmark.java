package io.gatehouse.bench.jmh;

import io.gatehouse.observe.audit.AuditJson;
import io.gatehouse.observe.audit.AuditRecord;
import io.gatehouse.observe.audit.AuditStore;
import io.gatehouse.observe.audit.Decision;
import io.gatehouse.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the audit writer's own thread spends per record of a 1 KiB {@code tools/call} that records
 * no arguments (the issue-12 set): its JSON log line, and its share of a batch of {@value #BATCH}
 * stored into SQLite in one transaction. Off the request path, but on the same CPUs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class AuditWriterBenchmark {
  static final int BATCH = 1000;

  Path dir;
  Database db;
  AuditStore store;
  List<AuditRecord> batch;
  long at = 1_765_000_000_000L;

  @Setup
  public void setup() throws IOException {
    dir = Files.createTempDirectory("gatehouse-jmh-audit");
    db = Database.open("jdbc:sqlite:" + dir.resolve("audit.db"));
    store = AuditStore.open(db);
    batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(record(i, at + i / 4));
    }
  }

  static AuditRecord record(int i, long at) {
    return new AuditRecord(
        String.format("%016x", 0x5eed0000L + i),
        at,
        "api-key:bench",
        "default",
        "echo",
        "3f2a9c0d11b2e4a7",
        "message",
        "tools/call",
        Integer.toString(4711 + i),
        "echo",
        Decision.ALLOWED,
        null,
        200,
        200,
        412 + i % 50,
        230 + i % 40,
        1089,
        1152,
        null,
        null);
  }

  /** {@code r} at another time, so a batch stored again keeps the key (at, id) unique. */
  static AuditRecord at(AuditRecord r, long at) {
    return new AuditRecord(
        r.id(),
        at,
        r.principal(),
        r.project(),
        r.route(),
        r.session(),
        r.entry(),
        r.method(),
        r.requestId(),
        r.target(),
        r.decision(),
        r.errorKey(),
        r.status(),
        r.upstreamStatus(),
        r.latencyMicros(),
        r.upstreamMicros(),
        r.bytesIn(),
        r.bytesOut(),
        r.arguments(),
        r.result());
  }

  @TearDown
  public void tearDown() {
    db.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int line() {
    int n = 0;
    for (AuditRecord r : batch) {
      n += AuditJson.line(r).length();
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int insert() {
    at += BATCH;
    List<AuditRecord> next = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      next.add(at(batch.get(i), at + i / 4));
    }
    store.insert(next);
    return next.size();
  }
}
