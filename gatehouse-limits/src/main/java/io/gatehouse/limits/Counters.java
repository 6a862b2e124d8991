package io.gatehouse.limits;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where calls are counted: in process ({@link LocalCounters}) or in Redis ({@link RedisCounters}).
 */
public interface Counters extends AutoCloseable {
  /**
   * Whether {@link #take} may block for this counter (a Redis round trip, or a quota window read
   * from the store on its first use), so the policy runs it off the event loop.
   */
  boolean blocks(CounterKey key, Limit limit);

  /** Counts one call against {@code limit}'s counter {@code key}, if it has room. */
  Decision take(CounterKey key, Limit limit);

  /**
   * Whether counts answer asynchronously ({@link #takeAsync}), holding no thread while they wait.
   */
  default boolean async() {
    return false;
  }

  /**
   * {@link #take} as a stage; it fails with {@link LimitsUnavailable} when the counters are away
   * and the settings say to refuse.
   */
  default CompletionStage<Decision> takeAsync(CounterKey key, Limit limit) {
    return CompletableFuture.completedFuture(take(key, limit));
  }

  @Override
  void close();
}
