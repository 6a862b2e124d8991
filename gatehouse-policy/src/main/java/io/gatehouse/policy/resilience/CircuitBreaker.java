package io.gatehouse.policy.resilience;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one upstream. Closed, it counts the calls that reached the upstream in a
 * sliding window of ten buckets and opens after {@code failures} consecutive failures, or when at
 * least {@code min-calls} calls in the window failed {@code failure-rate} percent of the time.
 * Open, it refuses every call until {@code open-for} has passed; then, half open, it lets {@code
 * half-open-calls} probes through: a probe that succeeds closes it, one that fails opens it again.
 * Results of calls admitted before the last change of state are ignored.
 */
final class CircuitBreaker {
  private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);
  private static final int BUCKETS = 10;

  /** The states, numbered as the gauge reports them. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** What a call's end says about the upstream. */
  enum Result {
    SUCCESS,
    FAILURE,
    /** The call never reached the upstream, or ended in a way that says nothing of it. */
    NEUTRAL
  }

  /**
   * A call let through: in which state generation, and whether it is a probe. A refusal carries the
   * seconds to wait instead ({@code retryAfter > 0}).
   */
  record Ticket(long generation, boolean probe, long retryAfter) {
    boolean refused() {
      return retryAfter > 0;
    }
  }

  private final String name;
  private final LongSupplier nanos;
  private final long[] calls = new long[BUCKETS];
  private final long[] failed = new long[BUCKETS];
  private final long[] epochs = new long[BUCKETS];
  private State state = State.CLOSED;
  private long generation;
  private Ticket closed = new Ticket(0, false, 0);
  private long openUntil;
  private int probes;
  private int consecutive;

  CircuitBreaker(String name, LongSupplier nanos) {
    this.name = name;
    this.nanos = nanos;
    java.util.Arrays.fill(epochs, Long.MIN_VALUE);
  }

  /** Lets a call through, or refuses it with the seconds until probes are let through. */
  synchronized Ticket admit(CircuitSettings s) {
    return admit(s, true);
  }

  /**
   * Lets a call through, or refuses it; with {@code mayProbe} false (a stream, which reports its
   * end only when it closes, and would hold a probe's place all that time) it is refused while the
   * circuit is half open.
   */
  synchronized Ticket admit(CircuitSettings s, boolean mayProbe) {
    long now = nanos.getAsLong();
    State st = advance(now);
    if (st == State.CLOSED) {
      return closed;
    }
    if (st == State.OPEN) {
      return new Ticket(generation, false, Math.max(1, ceilSeconds(openUntil - now)));
    }
    if (!mayProbe || probes >= s.halfOpenCalls()) {
      return new Ticket(generation, false, 1);
    }
    probes++;
    return new Ticket(generation, true, 0);
  }

  /** Counts how a call let through ended. */
  synchronized void record(Ticket t, Result r, CircuitSettings s) {
    if (t.generation() != generation || r == Result.NEUTRAL && !t.probe()) {
      return;
    }
    long now = nanos.getAsLong();
    if (state == State.HALF_OPEN && t.probe()) {
      probes--;
      if (r == Result.SUCCESS) {
        transition(State.CLOSED, now, s, "a probe succeeded");
      } else if (r == Result.FAILURE) {
        transition(State.OPEN, now, s, "a probe failed");
      }
      return;
    }
    if (state != State.CLOSED) {
      return;
    }
    consecutive = r == Result.FAILURE ? consecutive + 1 : 0;
    long bucketNanos = Math.max(1, s.window().toNanos() / BUCKETS);
    long epoch = Math.floorDiv(now, bucketNanos);
    int slot = (int) Math.floorMod(epoch, BUCKETS);
    if (epochs[slot] != epoch) {
      epochs[slot] = epoch;
      calls[slot] = 0;
      failed[slot] = 0;
    }
    calls[slot]++;
    if (r == Result.FAILURE) {
      failed[slot]++;
    }
    if (consecutive >= s.failures()) {
      transition(State.OPEN, now, s, consecutive + " consecutive failures");
      return;
    }
    long inWindow = 0;
    long failedInWindow = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (epochs[i] > epoch - BUCKETS) {
        inWindow += calls[i];
        failedInWindow += failed[i];
      }
    }
    if (inWindow >= s.minCalls() && failedInWindow * 100 >= (long) s.failureRate() * inWindow) {
      transition(
          State.OPEN,
          now,
          s,
          failedInWindow + " of " + inWindow + " calls failed within " + s.window());
    }
  }

  /** The state now (an open circuit whose time is up is half open). */
  synchronized State state() {
    return advance(nanos.getAsLong());
  }

  private State advance(long now) {
    if (state == State.OPEN && now - openUntil >= 0) {
      state = State.HALF_OPEN;
      generation++;
      probes = 0;
      log.info("upstream {}: circuit half open, letting probes through", name);
    }
    return state;
  }

  private void transition(State to, long now, CircuitSettings s, String why) {
    state = to;
    generation++;
    probes = 0;
    consecutive = 0;
    if (to == State.OPEN) {
      openUntil = now + s.openFor().toNanos();
      log.warn("upstream {}: circuit open for {} ({})", name, s.openFor(), why);
    } else {
      java.util.Arrays.fill(epochs, Long.MIN_VALUE);
      closed = new Ticket(generation, false, 0);
      log.info("upstream {}: circuit closed ({})", name, why);
    }
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
