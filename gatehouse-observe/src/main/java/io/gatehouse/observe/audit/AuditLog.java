package io.gatehouse.observe.audit;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's writer. The request path only {@linkplain #offer offers} a captured exchange to a
 * bounded queue, which never blocks: when the queue is full the record is dropped, counted ({@code
 * gatehouse.audit.dropped}) and logged at most every {@link #WARN_EVERY}. One thread of its own
 * turns what waits into records, logs each as a JSON line on {@value #LOGGER} (when asked), and
 * inserts them in batches; it also purges records past retention. Until a sink is {@linkplain #open
 * bound} (the store opens after the server starts listening) records wait in the queue.
 */
public final class AuditLog implements AutoCloseable {
  /** The logger of the JSON lines, one per record, for a log stack. */
  public static final String LOGGER = "gatehouse.audit";

  static final int BATCH = 1000;

  /** How long the writer waits for more records when a batch is not full. */
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  static final Duration WARN_EVERY = Duration.ofSeconds(30);
  static final Duration PURGE_EVERY = Duration.ofHours(1);
  private static final int WRITE_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final Logger lines = LoggerFactory.getLogger(LOGGER);

  private final AuditConfig config;
  private final Clock clock;
  private final BlockingQueue<AuditEvent> queue;
  private final Counter droppedFull;
  private final Counter droppedFailed;
  private final Counter written;
  private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE);
  private volatile AuditSink sink;
  private volatile boolean running = true;
  private Thread writer;
  private long nextPurge;

  public AuditLog(AuditConfig config, MeterRegistry meters, Clock clock) {
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    this.queue = new ArrayBlockingQueue<>(config.buffer());
    this.droppedFull = dropped(meters, "buffer-full");
    this.droppedFailed = dropped(meters, "store-failed");
    this.written =
        Counter.builder("gatehouse.audit.written")
            .description("Audit records stored")
            .register(meters);
    Gauge.builder("gatehouse.audit.queued", queue, BlockingQueue::size)
        .description("Audit records waiting for the writer")
        .register(meters);
  }

  private static Counter dropped(MeterRegistry meters, String reason) {
    return Counter.builder("gatehouse.audit.dropped")
        .description("Audit records lost: the buffer was full, or the store refused them")
        .tag("reason", reason)
        .register(meters);
  }

  public AuditConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Queues {@code event} for the writer, or drops and counts it when the buffer is full; never
   * blocks. Returns whether it was queued.
   */
  boolean offer(AuditEvent event) {
    if (queue.offer(event)) {
      return true;
    }
    droppedFull.increment();
    long now = System.nanoTime();
    long last = lastWarn.get();
    if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY.toNanos())
        && lastWarn.compareAndSet(last, now)) {
      log.warn(
          "audit: the buffer of {} records is full, so records are dropped (counted in"
              + " gatehouse.audit.dropped); the store is slow or down, or audit.buffer is small",
          config.buffer());
    }
    return false;
  }

  /** Binds the store and starts writing what waits, and what comes. */
  public synchronized void open(AuditSink sink) {
    if (writer != null) {
      throw new IllegalStateException("the audit log is open already");
    }
    this.sink = requireNonNull(sink, "sink");
    writer = Thread.ofPlatform().daemon().name("gatehouse-audit-writer").start(this::write);
  }

  /** Deletes the records past retention now; returns how many. */
  public int purge() {
    AuditSink s = sink;
    if (s == null) {
      return 0;
    }
    int n = s.purge(clock.millis() - config.retention().toMillis());
    if (n > 0) {
      log.info("audit: purged {} records older than {}", n, config.retention());
    }
    return n;
  }

  private void write() {
    List<AuditEvent> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        purgeWhenDue();
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        linger(batch);
        store(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("audit: the writer failed; it goes on with the next records", e);
      } finally {
        batch.clear();
      }
    }
  }

  private void store(List<AuditEvent> batch) throws InterruptedException {
    List<AuditRecord> records = new ArrayList<>(batch.size());
    for (AuditEvent e : batch) {
      AuditRecord r;
      try {
        r = AuditRecords.of(e);
      } catch (RuntimeException failed) {
        droppedFailed.increment(); // one record lost, not the batch
        log.warn("audit: a record of route {} could not be made: {}", e.route(), failed.toString());
        continue;
      }
      records.add(r);
      if (config.log() && lines.isInfoEnabled()) { // a logger turned off costs no line
        lines.info(AuditJson.line(r));
      }
    }
    if (records.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        sink.insert(records);
        written.increment(records.size());
        return;
      } catch (RuntimeException e) {
        if (attempt == WRITE_ATTEMPTS || !running) {
          droppedFailed.increment(records.size());
          log.warn(
              "audit: {} records could not be stored and are dropped: {}",
              records.size(),
              e.toString());
          return;
        }
        Thread.sleep(250L * attempt); // a pause before retrying a store that failed, not a wait
      }
    }
  }

  /**
   * Gives more records a moment to arrive when few wait, so a quiet gateway commits a few times a
   * second rather than once per call (each commit costs the store far more than a row); a busy one
   * fills the batch at once. It sleeps, then takes what came: waiting on the queue instead would
   * make every record that arrives wake the writer, a system call and a thread switch per call.
   */
  private void linger(List<AuditEvent> batch) throws InterruptedException {
    if (running && batch.size() < BATCH) {
      TimeUnit.NANOSECONDS.sleep(LINGER_NANOS);
      queue.drainTo(batch, BATCH - batch.size());
    }
  }

  private void purgeWhenDue() {
    long now = clock.millis();
    if (now < nextPurge) {
      return;
    }
    nextPurge = now + PURGE_EVERY.toMillis();
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn(
          "audit: purging past retention failed; retrying in {}: {}", PURGE_EVERY, e.toString());
    }
  }

  /** Writes what waits (when a sink is bound), then stops the writer. */
  @Override
  public void close() {
    running = false;
    Thread w;
    synchronized (this) {
      w = writer;
    }
    if (w == null) {
      return;
    }
    try {
      w.join(Duration.ofSeconds(10));
      if (w.isAlive()) {
        log.warn("audit: the writer did not finish in 10s; {} records are lost", queue.size());
        w.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
