package io.gatehouse.hosting;

import io.gatehouse.cluster.Peers;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bridge session ({@code Mcp-Session-Id}): its own process under {@code isolation: session}, a
 * share of the route's process under {@code shared}; and the messages waiting for its GET stream.
 */
final class Session {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_QUEUED = 1000;

  /** Ends a GET stream. */
  static final Outbound END = new Outbound(new byte[0], true);

  final String id;
  final Link link;
  final LinkedBlockingDeque<Outbound> toGet = new LinkedBlockingDeque<>();
  private final AtomicLong getStreams = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastUsed = System.nanoTime();

  /**
   * @param link the session's own process, or null when it shares the route's
   * @param peers names this replica in the id ({@code <replica>.<random>}), so other replicas
   *     forward the session's requests here
   */
  Session(Link link, Peers peers) {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    this.id = peers.name(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    this.link = link;
  }

  void touch() {
    lastUsed = System.nanoTime();
  }

  long idleNanos() {
    return System.nanoTime() - lastUsed;
  }

  /** Queues a message for the GET stream; the oldest goes when too many wait. */
  void toGetStream(Outbound o) {
    while (toGet.size() >= MAX_QUEUED) {
      toGet.pollFirst();
    }
    toGet.offerLast(o);
  }

  /** A new GET stream: the one before it ends. */
  long openGetStream() {
    return getStreams.incrementAndGet();
  }

  boolean isCurrentGetStream(long stream) {
    return getStreams.get() == stream;
  }

  /** Marks the session closed; true only the first time. */
  boolean close() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    toGet.offerLast(END);
    return true;
  }

  boolean isClosed() {
    return closed.get();
  }
}
