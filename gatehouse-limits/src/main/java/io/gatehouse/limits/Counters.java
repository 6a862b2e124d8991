package io.gatehouse.limits;

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

  @Override
  void close();
}
