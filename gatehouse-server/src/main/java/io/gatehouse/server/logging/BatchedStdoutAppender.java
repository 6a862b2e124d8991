package io.gatehouse.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to stdout from a thread of its own, many to a system call: the access log and
 * the audit log's JSON lines come one per MCP message, and a write per line (as {@code
 * ConsoleAppender} makes, flushing each) cost a busy gateway a system call and a thread hand-off
 * per call. Each event stays one event, formatted by the configured encoder, so the lines are the
 * same; they reach stdout at most {@link #setFlushMillis flushMillis} late.
 *
 * <p>{@link #append} never blocks: a full queue drops the line, and the count is reported on stderr
 * at most every 30 s. The writer sleeps while nothing comes, so a quiet process makes no wake-ups;
 * the first line after a pause wakes it at once. At JVM exit (or when stopped) what waits is
 * written, and lines after that are written as they come.
 */
public final class BatchedStdoutAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final long REPORT_DROPS_EVERY = TimeUnit.SECONDS.toNanos(30);

  private Encoder<ILoggingEvent> encoder;
  private int queueSize = 8192;
  private long flushMillis = 20;
  private OutputStream out = new FileOutputStream(FileDescriptor.out);

  private BlockingQueue<ILoggingEvent> queue;
  private final AtomicBoolean idle = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong reported = new AtomicLong();
  private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_DROPS_EVERY);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
  private final Object writing = new Object();
  private volatile boolean direct;
  private Thread writer;
  private Thread exitHook;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** Lines that may wait for the writer; more are dropped (and counted). */
  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  /** How long the writer gathers lines after a write before the next one. */
  public void setFlushMillis(long flushMillis) {
    this.flushMillis = flushMillis;
  }

  /** Where the lines go instead of stdout (tests). */
  void setOutput(OutputStream out) {
    this.out = out;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    if (queueSize < 1 || flushMillis < 0) {
      addError("queueSize must be at least 1 and flushMillis not negative, for appender " + name);
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    direct = false;
    super.start();
    writer = Thread.ofPlatform().daemon().name("gatehouse-log-" + name).start(this::run);
    exitHook = new Thread(this::drainAndGoDirect, "gatehouse-log-" + name + "-exit");
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (direct) {
      synchronized (writing) {
        encode(event);
        flush();
      }
      return;
    }
    event.prepareForDeferredProcessing();
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
    if (idle.get() && idle.compareAndSet(true, false)) {
      LockSupport.unpark(writer);
    }
  }

  private void run() {
    List<ILoggingEvent> batch = new ArrayList<>();
    while (true) {
      synchronized (writing) { // the exit hook takes over the queue under it
        if (direct) {
          return;
        }
        queue.drainTo(batch);
        batch.forEach(this::encode);
        if (!batch.isEmpty()) {
          flush();
        }
      }
      if (batch.isEmpty()) {
        idle.set(true);
        if (queue.isEmpty() && !direct) { // an append after this sees idle and unparks
          LockSupport.park(this);
        }
        idle.set(false);
        continue;
      }
      batch.clear();
      reportDrops();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushMillis));
    }
  }

  private void encode(ILoggingEvent event) {
    try {
      buffer.writeBytes(encoder.encode(event));
    } catch (RuntimeException e) {
      addError("appender " + name + " could not format a line", e);
    }
  }

  private void flush() {
    try {
      buffer.writeTo(out);
      out.flush();
    } catch (IOException e) {
      addError("appender " + name + " could not write", e);
    } finally {
      buffer.reset();
    }
  }

  private void reportDrops() {
    long n = dropped.get() - reported.get();
    long now = System.nanoTime();
    long last = lastReport.get();
    if (n > 0 && now - last >= REPORT_DROPS_EVERY && lastReport.compareAndSet(last, now)) {
      reported.addAndGet(n);
      System.err.println(
          "gatehouse: "
              + n
              + " log lines of "
              + name
              + " were dropped: stdout is slower than the lines come (queueSize "
              + queueSize
              + ")");
    }
  }

  /** How many lines were dropped since the start, the queue being full. */
  long dropped() {
    return dropped.get();
  }

  /** Writes what waits, and from now on each line as it comes. */
  private void drainAndGoDirect() {
    synchronized (writing) {
      if (direct) {
        return;
      }
      direct = true;
      List<ILoggingEvent> rest = new ArrayList<>();
      queue.drainTo(rest);
      rest.forEach(this::encode);
      flush();
    }
    LockSupport.unpark(writer);
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    drainAndGoDirect();
    try {
      writer.join(TimeUnit.SECONDS.toMillis(1));
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException exiting) {
      // the JVM is shutting down: the hook runs, or ran, and writes nothing more
    }
    super.stop();
  }
}
