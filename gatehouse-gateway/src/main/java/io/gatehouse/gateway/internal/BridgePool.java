package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.BridgeSettings;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.netty.channel.EventLoop;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream sessions the era bridge opened on this replica, one per {@link BridgeKey}. Callers
 * of one key share a session (the first opens it, those arriving meanwhile wait for it); a session
 * unused for {@link BridgeSettings#idle} is ended with a {@code DELETE}; at most {@link
 * BridgeSettings#maxSessions} are held, the least recently used idle one making room for a new one.
 */
final class BridgePool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BridgePool.class);

  private final Upstreams upstreams;
  private final BridgeSettings settings;
  private final Map<BridgeKey, CompletableFuture<BridgeSession>> sessions =
      new ConcurrentHashMap<>();
  private final ScheduledFuture<?> sweeper;

  BridgePool(Upstreams upstreams, BridgeSettings settings, ScheduledExecutorService timer) {
    this.upstreams = upstreams;
    this.settings = settings;
    long every = Math.max(10, Math.min(30_000, settings.idle().toMillis() / 2));
    this.sweeper = timer.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Calls {@code ready} on {@code loop} with the session of {@code key}, opening it with {@code
   * initialize} when there is none; {@code failed} when it cannot be opened.
   */
  void session(
      EventLoop loop,
      McpExchange ex,
      BridgeKey key,
      byte[] initialize,
      Consumer<BridgeSession> ready,
      Consumer<GatewayException> failed) {
    CompletableFuture<BridgeSession> opening = new CompletableFuture<>();
    CompletableFuture<BridgeSession> had = sessions.putIfAbsent(key, opening);
    CompletableFuture<BridgeSession> f = had == null ? opening : had;
    f.whenComplete(
        (s, e) ->
            loop.execute(
                () -> {
                  if (e == null) {
                    ready.accept(s);
                  } else {
                    failed.accept(cause(e));
                  }
                }));
    if (had != null) {
      return;
    }
    if (sessions.size() > settings.maxSessions() && !evictIdlest()) {
      sessions.remove(key, opening);
      opening.completeExceptionally(
          new GatewayException(
              GatewayErrors.BRIDGE_POOL_FULL,
              "route '"
                  + key.route()
                  + "': all "
                  + settings.maxSessions()
                  + " pooled upstream sessions of this replica are in use"));
      return;
    }
    opening.whenComplete(
        (s, e) -> {
          if (e != null) {
            sessions.remove(key, opening);
          }
        });
    new BridgeOpening(upstreams, loop, ex, key, initialize, opening).start();
  }

  /** Forgets {@code s} (its upstream said it is gone): the next caller of its key opens anew. */
  void invalidate(BridgeSession s) {
    sessions.computeIfPresent(s.key, (k, f) -> f.getNow(null) == s ? null : f);
  }

  int size() {
    return sessions.size();
  }

  private boolean evictIdlest() {
    long now = System.nanoTime();
    List<BridgeSession> idle =
        sessions.values().stream()
            .map(f -> f.getNow(null))
            .filter(s -> s != null && s.isIdleFor(0, now))
            .sorted(Comparator.comparingLong(BridgeSession::lastUsedNanos))
            .toList();
    return !idle.isEmpty() && end(idle.getFirst());
  }

  private void sweep() {
    long now = System.nanoTime();
    long idle = settings.idle().toNanos();
    sessions.values().stream()
        .map(f -> f.getNow(null))
        .filter(s -> s != null && s.isIdleFor(idle, now))
        .toList()
        .forEach(this::end);
  }

  /** Removes {@code s} from the pool and ends its upstream session; false if it was gone. */
  private boolean end(BridgeSession s) {
    CompletableFuture<BridgeSession> f = sessions.get(s.key);
    if (f == null || f.getNow(null) != s || !sessions.remove(s.key, f)) {
      return false;
    }
    log.debug("route {}: ending an unused bridged upstream session", s.key.route());
    s.loop.execute(
        () ->
            upstreams.terminate(
                s.loop, s.opener, s.token, BridgeCall.forwarded(s.token, List.of()), () -> {}));
    return true;
  }

  private static GatewayException cause(Throwable e) {
    Throwable c = e instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e;
    return c instanceof GatewayException g
        ? g
        : new GatewayException(GatewayErrors.INTERNAL_ERROR, "the bridge could not open a session");
  }

  @Override
  public void close() {
    sweeper.cancel(false);
    sessions.clear();
  }
}
