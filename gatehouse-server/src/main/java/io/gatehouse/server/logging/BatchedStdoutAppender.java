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
import java.util.concurrent.locks.ReentrantLock;

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

  /** Held while any instance writes to stdout: a write to a pipe is not atomic past 4 KiB. */
  private static final Object STDOUT = new Object();

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

  /** Guards the buffer, the encoder and the switch to {@link #direct}. */
  private final ReentrantLock writing = new ReentrantLock();

  private volatile boolean direct;
  private volatile Thread writer;
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
    if (writer != null && writer.isAlive()) {
      addError("appender " + name + " still has its writer from before; not started again");
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    direct = false;
    writer = Thread.ofPlatform().daemon().name("gatehouse-log-" + name).unstarted(this::run);
    super.start();
    writer.start();
    exitHook = new Thread(this::drainAndGoDirect, "gatehouse-log-" + name + "-exit");
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (direct) {
      writeNow(List.of(event));
      return;
    }
    event.prepareForDeferredProcessing();
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
    if (direct) { // the switch came while offering: the writer may be gone, so write it here
      writing.lock();
      try {
        drainAndWrite();
      } finally {
        writing.unlock();
      }
      return;
    }
    if (idle.get() && idle.compareAndSet(true, false)) {
      LockSupport.unpark(writer);
    }
  }

  private void writeNow(List<ILoggingEvent> events) {
    writing.lock();
    try {
      events.forEach(this::encode);
      flush();
    } finally {
      writing.unlock();
    }
  }

  /** Writes what waits in the queue; the caller holds {@link #writing}. */
  private void drainAndWrite() {
    List<ILoggingEvent> rest = new ArrayList<>();
    queue.drainTo(rest);
    rest.forEach(this::encode);
    flush();
  }

  private void run() {
    List<ILoggingEvent> batch = new ArrayList<>();
    while (true) {
      writing.lock(); // the exit hook takes over the queue under it
      try {
        if (direct) {
          return;
        }
        queue.drainTo(batch);
        batch.forEach(this::encode);
        if (!batch.isEmpty()) {
          flush();
        }
      } catch (RuntimeException e) {
        addError("appender " + name + " failed to write; it goes on with the next lines", e);
      } finally {
        writing.unlock();
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
      reportDrops(false);
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
      synchronized (STDOUT) {
        buffer.writeTo(out);
        out.flush();
      }
    } catch (IOException e) {
      addError("appender " + name + " could not write", e);
    } finally {
      buffer.reset();
    }
  }

  private void reportDrops(boolean now) {
    long n = dropped.get() - reported.get();
    long at = System.nanoTime();
    long last = lastReport.get();
    if (n > 0 && (now || at - last >= REPORT_DROPS_EVERY) && lastReport.compareAndSet(last, at)) {
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

  /**
   * Writes what waits, and from now on each line as it comes. Gives up on what waits when the
   * writer has been stuck on stdout for a second, so neither exit nor a reconfiguration hangs.
   */
  private void drainAndGoDirect() {
    boolean locked;
    try {
      locked = writing.tryLock(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      locked = false;
    }
    direct = true;
    if (locked) {
      try {
        drainAndWrite();
      } finally {
        writing.unlock();
      }
    }
    reportDrops(true);
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
