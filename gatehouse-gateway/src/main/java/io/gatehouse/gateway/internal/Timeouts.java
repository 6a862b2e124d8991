package io.gatehouse.gateway.internal;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Timers of the data plane: they run on the event loop of the exchange they belong to. */
final class Timeouts {
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private Timeouts() {}

  static ScheduledFuture<?> after(EventLoop loop, Duration delay, Runnable action) {
    return loop.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * After the answer the upstream should close its stream (transports: "the server SHOULD close the
   * SSE stream"); letting it end on its own keeps the connection reusable, where aborting would
   * close it. One that stays open is cut off after a few seconds. Cancel the timer returned once
   * the stream has ended.
   */
  static ScheduledFuture<?> drain(EventLoop loop, Upstreams.Pending pending) {
    return after(loop, DRAIN, pending::abort);
  }
}
