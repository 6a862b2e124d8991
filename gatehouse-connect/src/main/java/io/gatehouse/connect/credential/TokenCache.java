package io.gatehouse.connect.credential;

import static java.util.Objects.requireNonNull;

import io.gatehouse.connect.McpFailure;
import io.gatehouse.connect.oauth.AccessToken;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection's bearer token, kept until shortly before it expires and then fetched again by one
 * caller while the others wait for it (single flight): however many calls arrive at once, the token
 * endpoint sees one request.
 */
public final class TokenCache {
  /** How long before expiry a token is replaced: a token must outlive the request it rides on. */
  static final Duration EARLY = Duration.ofSeconds(30);

  private final TokenSource source;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile AccessToken current;

  /** Where tokens come from: a request to a token endpoint, or Gatehouse's own signature. */
  @FunctionalInterface
  public interface TokenSource {
    AccessToken fetch() throws McpFailure;
  }

  public TokenCache(TokenSource source, Clock clock) {
    this.source = requireNonNull(source, "source");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The cached token while it is good for a while yet, or null (without blocking). */
  public AccessToken fresh() {
    AccessToken t = current;
    return t != null && usable(t) ? t : null;
  }

  /** The last token fetched, even if due for renewal, or null: what goes on the wire. */
  public AccessToken last() {
    return current;
  }

  /** A fresh token, fetched if need be (blocks; one fetch at a time). */
  public AccessToken get() throws McpFailure {
    AccessToken t = fresh();
    if (t != null) {
      return t;
    }
    lock.lock();
    try {
      t = fresh();
      if (t == null) {
        fetches.incrementAndGet();
        t = source.fetch();
        current = t;
      }
      return t;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets {@code refused} (the upstream answered 401 to it), so the next {@link #get} fetches a
   * new one; a token fetched since by another caller is kept.
   */
  public void invalidate(AccessToken refused) {
    lock.lock();
    try {
      if (current == refused) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many tokens were fetched so far. */
  public int fetches() {
    return fetches.get();
  }

  private boolean usable(AccessToken t) {
    return clock.millis() < t.expires().toEpochMilli() - EARLY.toMillis();
  }
}
