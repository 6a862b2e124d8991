package io.gatehouse.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BatchedStdoutAppenderTest {
  private final LoggerContext context = new LoggerContext();

  {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  private final Counting out = new Counting();

  @AfterEach
  void stop() {
    context.stop();
  }

  private BatchedStdoutAppender appender(int queueSize, long flushMillis, OutputStream to) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    BatchedStdoutAppender a = new BatchedStdoutAppender();
    a.setContext(context);
    a.setName("test");
    a.setEncoder(encoder);
    a.setQueueSize(queueSize);
    a.setFlushMillis(flushMillis);
    a.setOutput(to);
    a.start();
    assertThat(a.isStarted()).isTrue();
    return a;
  }

  private Logger logger(BatchedStdoutAppender a) {
    Logger l = context.getLogger("lines");
    l.setAdditive(false);
    l.addAppender(a);
    return l;
  }

  @Test
  void lines_from_many_threads_arrive_whole_in_order_and_many_to_a_write() throws Exception {
    Logger log = logger(appender(8192, 1000, out));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 500; i++) {
                      log.info("thread={} line={} {}", thread, i, "x".repeat(100));
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> out.text().lines().count() == 2000);
    for (int t = 0; t < 4; t++) {
      String prefix = "thread=" + t + " ";
      List<String> mine = out.text().lines().filter(l -> l.startsWith(prefix)).toList();
      assertThat(mine).hasSize(500);
      for (int i = 0; i < 500; i++) {
        assertThat(mine.get(i)).isEqualTo(prefix + "line=" + i + " " + "x".repeat(100));
      }
    }
    // the first line finds the writer asleep and is written at once; the rest come while it
    // gathers for a second, far fewer writes than lines
    assertThat(out.writes.get()).isLessThan(20);
  }

  @Test
  void stopping_writes_what_waits() {
    BatchedStdoutAppender a = appender(8192, TimeUnit.MINUTES.toMillis(5), out);
    Logger log = logger(a);
    for (int i = 0; i < 100; i++) {
      log.info("line {}", i);
    }

    a.stop();

    assertThat(out.text().lines()).hasSize(100).startsWith("line 0").endsWith("line 99");
    log.info("after stop"); // a stopped appender takes nothing more
    assertThat(out.text()).doesNotContain("after stop");
  }

  @Test
  @Timeout(60) // a blocked caller would hang here
  void a_full_queue_drops_lines_and_never_blocks_the_caller() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutputStream stuck =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            out.write(b, off, len);
          }
        };
    BatchedStdoutAppender a = appender(4, 0, stuck);
    Logger log = logger(a);

    try {
      log.info("first"); // taken by the writer, which then waits on stdout
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 100; i++) { // returns while stdout is stuck: never blocked
        log.info("more {}", i);
      }
    } finally {
      release.countDown();
    }
    a.stop();

    List<String> lines = out.text().lines().toList();
    assertThat(lines).first().isEqualTo("first");
    assertThat(lines).hasSize(5).allMatch(l -> l.equals("first") || l.matches("more [0-9]+"));
    assertThat(a.dropped()).isEqualTo(96);
  }

  /** Keeps what is written and counts the writes. */
  static final class Counting extends OutputStream {
    final AtomicInteger writes = new AtomicInteger();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      writes.incrementAndGet();
      kept.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes.incrementAndGet();
      kept.write(b, off, len);
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
