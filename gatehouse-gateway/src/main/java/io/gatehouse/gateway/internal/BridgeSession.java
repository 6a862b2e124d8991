package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.SessionToken;
import io.netty.channel.EventLoop;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * One upstream session the bridge opened and pools: how to reach it (as a {@link SessionToken}, so
 * the session-era sending code serves it unchanged), what its {@code initialize} answered, and
 * whether it is in use. Its request ids are the bridge's own, so callers sharing it never collide.
 */
final class BridgeSession {
  final BridgeKey key;
  final SessionToken token;
  final ObjectNode initialized;

  /** The exchange that opened it: its route and principal end the session with the same access. */
  final McpExchange opener;

  final EventLoop loop;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastUsedNanos = System.nanoTime();
  private BridgeFeed feed;

  BridgeSession(
      BridgeKey key,
      SessionToken token,
      ObjectNode initialized,
      McpExchange opener,
      EventLoop loop) {
    this.key = key;
    this.token = token;
    this.initialized = initialized;
    this.opener = opener;
    this.loop = loop;
  }

  /** The session's GET stream, shared by its callers' {@code subscriptions/listen}. */
  synchronized BridgeFeed feed(Relay relay) {
    if (feed == null) {
      feed = new BridgeFeed(relay, this);
    }
    return feed;
  }

  /** A request id no other request in this session has. */
  String nextId() {
    return "gatehouse-bridge-" + ids.incrementAndGet();
  }

  void acquire() {
    inFlight.incrementAndGet();
    lastUsedNanos = System.nanoTime();
  }

  void release() {
    inFlight.decrementAndGet();
    lastUsedNanos = System.nanoTime();
  }

  boolean isIdleFor(long nanos, long now) {
    return inFlight.get() == 0 && now - lastUsedNanos >= nanos;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }
}
