package io.gatehouse.limits;

import java.util.ArrayList;
import java.util.List;
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
    return takeAllAsync(List.of(key), List.of(limit)).thenApply(List::getFirst);
  }

  /**
   * Counts one call against each of {@code limits} (with its counter in {@code keys}) in order,
   * stopping at the first that refuses; returns the decisions made, the refusal last.
   */
  default CompletionStage<List<Decision>> takeAllAsync(List<CounterKey> keys, List<Limit> limits) {
    return CompletableFuture.completedFuture(takeAll(this, keys, limits));
  }

  /** {@link #takeAllAsync} by one {@link #take} after the other. */
  static List<Decision> takeAll(Counters c, List<CounterKey> keys, List<Limit> limits) {
    if (limits.size() == 1) {
      return List.of(c.take(keys.getFirst(), limits.getFirst()));
    }
    List<Decision> out = new ArrayList<>(limits.size());
    for (int i = 0; i < limits.size(); i++) {
      Decision d = c.take(keys.get(i), limits.get(i));
      out.add(d);
      if (!d.allowed()) {
        break;
      }
    }
    return out;
  }

  @Override
  void close();
}
