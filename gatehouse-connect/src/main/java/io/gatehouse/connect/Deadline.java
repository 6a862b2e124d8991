package io.gatehouse.connect;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a stream a blocking read waits on once its time is up: the HTTP client's request timeout
 * ends with the response headers, so an event stream that goes quiet needs this to end.
 */
final class Deadline {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("mcp-client-deadline").unstarted(r));

  private final ScheduledFuture<?> task;
  private volatile boolean passed;

  private Deadline(InputStream in, Duration after) {
    this.task =
        TIMER.schedule(
            () -> {
              passed = true;
              UpstreamHttp.close(in);
            },
            after.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  static Deadline closing(InputStream in, Duration after) {
    return new Deadline(in, after);
  }

  boolean passed() {
    return passed;
  }

  void cancel() {
    task.cancel(false);
  }
}
