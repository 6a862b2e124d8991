package io.gatehouse.policy.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.policy.resilience.CircuitBreaker.Result;
import io.gatehouse.policy.resilience.CircuitBreaker.State;
import io.gatehouse.policy.resilience.CircuitBreaker.Ticket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's states on a clock the test moves. */
class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final CircuitBreaker breaker = new CircuitBreaker("test", now::get);
  private final CircuitSettings settings =
      new CircuitSettings(3, 50, 10, Duration.ofSeconds(60), Duration.ofSeconds(30), 1);

  private void call(Result r) {
    Ticket t = breaker.admit(settings);
    assertThat(t.refused()).as("admitted").isFalse();
    breaker.record(t, r, settings);
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void opens_after_consecutive_failures_and_refuses_until_open_for_passes() {
    call(Result.FAILURE);
    call(Result.FAILURE);
    call(Result.SUCCESS); // resets the run
    call(Result.FAILURE);
    call(Result.FAILURE);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    call(Result.FAILURE);
    assertThat(breaker.state()).isEqualTo(State.OPEN);

    Ticket refused = breaker.admit(settings);
    assertThat(refused.refused()).isTrue();
    assertThat(refused.retryAfter()).isEqualTo(30);
    advance(Duration.ofMillis(20_500));
    assertThat(breaker.admit(settings).retryAfter()).isEqualTo(10);
    advance(Duration.ofMillis(9_500));
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void opens_on_the_failure_rate_once_enough_calls_were_made_in_the_window() {
    for (int i = 0; i < 4; i++) {
      call(Result.SUCCESS);
      call(Result.FAILURE);
    }
    assertThat(breaker.state()).as("8 calls, fewer than min-calls").isEqualTo(State.CLOSED);
    call(Result.SUCCESS);
    call(Result.FAILURE);
    assertThat(breaker.state()).as("5 of 10 failed").isEqualTo(State.OPEN);
  }

  @Test
  void calls_older_than_the_window_no_longer_count() {
    for (int i = 0; i < 4; i++) {
      call(Result.FAILURE);
      call(Result.SUCCESS);
    }
    advance(Duration.ofSeconds(61));
    call(Result.FAILURE);
    call(Result.SUCCESS);
    // with the old calls it would be 5 failures in 10; in the window there are 2 calls
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void half_open_lets_only_its_probes_through_and_a_failed_probe_opens_again() {
    for (int i = 0; i < 3; i++) {
      call(Result.FAILURE);
    }
    advance(Duration.ofSeconds(30));
    Ticket probe = breaker.admit(settings);
    assertThat(probe.probe()).isTrue();
    Ticket second = breaker.admit(settings);
    assertThat(second.refused()).isTrue();
    assertThat(second.retryAfter()).isEqualTo(1);
    breaker.record(probe, Result.FAILURE, settings);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.admit(settings).retryAfter()).isEqualTo(30);
  }

  @Test
  void a_stream_never_takes_a_probes_place() {
    for (int i = 0; i < 3; i++) {
      call(Result.FAILURE);
    }
    advance(Duration.ofSeconds(30));
    Ticket stream = breaker.admit(settings, false);
    assertThat(stream.refused()).isTrue();
    assertThat(stream.retryAfter()).isEqualTo(1);
    Ticket probe = breaker.admit(settings, true);
    assertThat(probe.probe()).isTrue();
    breaker.record(probe, Result.SUCCESS, settings);
    assertThat(breaker.admit(settings, false).refused()).as("closed: streams pass").isFalse();
  }

  @Test
  void a_probe_that_never_reached_the_upstream_gives_its_place_to_the_next() {
    for (int i = 0; i < 3; i++) {
      call(Result.FAILURE);
    }
    advance(Duration.ofSeconds(30));
    Ticket probe = breaker.admit(settings);
    breaker.record(probe, Result.NEUTRAL, settings);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    Ticket next = breaker.admit(settings);
    assertThat(next.probe()).isTrue();
    breaker.record(next, Result.SUCCESS, settings);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void results_of_calls_admitted_before_a_change_are_ignored() {
    Ticket early = breaker.admit(settings);
    for (int i = 0; i < 3; i++) {
      call(Result.FAILURE);
    }
    advance(Duration.ofSeconds(30));
    Ticket probe = breaker.admit(settings);
    breaker.record(early, Result.SUCCESS, settings);
    assertThat(breaker.state()).as("a late success is no probe").isEqualTo(State.HALF_OPEN);
    breaker.record(probe, Result.SUCCESS, settings);
    Ticket lateProbe = probe;
    breaker.record(lateProbe, Result.FAILURE, settings);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }
}
