package io.gatehouse.gateway.internal;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Timers of the data plane: they run on the event loop of the exchange they belong to. */
final class Timeouts {
  private Timeouts() {}

  static ScheduledFuture<?> after(EventLoop loop, Duration delay, Runnable action) {
    return loop.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
  }
}
