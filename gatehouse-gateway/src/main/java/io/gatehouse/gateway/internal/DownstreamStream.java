package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.sse.SseEvent;

/**
 * The caller's side of one event stream: what a relay writes upstream events and its own messages
 * to.
 */
interface DownstreamStream {

  /**
   * Starts the stream. With the upstream's priming event (an id and no data) that event goes first;
   * with null the gateway primes the stream itself, so the caller holds an id to resume from.
   */
  void prime(SseEvent upstreamPriming);

  /** Relays one upstream event. */
  void emit(SseEvent upstreamEvent);

  /** Sends one message the gateway made (an upstream JSON answer, or an error). */
  void emitMessage(byte[] json);

  /** Ends the stream after its last event. */
  void complete();

  /** Leaves the stream open with no answer to come: its request was cancelled. */
  void park();

  /** Whether the caller is still there to receive events. */
  boolean isAttached();

  /**
   * Holds the upstream back while the caller's connection is full: runs {@code pause} and later
   * {@code resume}. A stream with no caller attached (one waiting to be resumed) never pauses, so
   * its log keeps filling.
   */
  default void throttle(Runnable pause, Runnable resume) {}

  /**
   * Runs {@code work} with the stream's writes held back, then sends them as one write: a priming
   * event and the event that follows it, or an answer and the end of the stream, cost one flush
   * instead of three.
   */
  default void batch(Runnable work) {
    work.run();
  }
}
