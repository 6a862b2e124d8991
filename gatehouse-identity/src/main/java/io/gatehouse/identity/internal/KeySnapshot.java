package io.gatehouse.identity.internal;

import io.gatehouse.core.Principal;
import io.gatehouse.identity.Consumer;
import io.gatehouse.policy.ApiKeyFormat;
import io.gatehouse.policy.ApiKeys;
import io.gatehouse.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live API keys, by hash, in memory: what the gateway checks a presented key against, with a
 * hash and a map lookup, never a store query. A write on this replica reloads it at once; writes on
 * other replicas are seen by polling the identity revision every {@code poll} (a quarter second by
 * default), so a revoked key stops working everywhere within a second.
 */
public final class KeySnapshot implements ApiKeys, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeySnapshot.class);

  private record Entry(Principal principal, Set<String> routes, long expiresAtMillis) {}

  private record State(long revision, Map<String, Entry> byHash) {}

  private final Database db;
  private final Clock clock;
  private final ScheduledExecutorService poller;
  private volatile State state = new State(-1, Map.of());

  public KeySnapshot(Database db, Clock clock, Duration poll) {
    this.db = db;
    this.clock = clock;
    reload();
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("gatehouse-key-snapshot").unstarted(r));
    long every = Math.max(10, poll.toMillis());
    poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public Check check(String key, String route) {
    Entry e = state.byHash().get(ApiKeyFormat.hashPresented(key));
    if (e == null) {
      return new Invalid("unknown or revoked API key");
    }
    if (e.expiresAtMillis() != Long.MAX_VALUE && clock.millis() >= e.expiresAtMillis()) {
      return new Invalid(
          "this API key of '"
              + e.principal().subject()
              + "' expired at "
              + Instant.ofEpochMilli(e.expiresAtMillis()));
    }
    if (!e.routes().isEmpty() && !e.routes().contains(route)) {
      return new OtherRoute(e.principal());
    }
    return new Valid(e.principal());
  }

  /** Reads every live key again, whatever the revision says. */
  public synchronized void reload() {
    State next =
        db.read(
            tx -> {
              long revision = IdentityRows.revision(tx);
              return load(revision, IdentityRows.liveKeys(tx));
            });
    // A slow poll must not put back an older state over a newer one a write just loaded.
    if (next.revision() >= state.revision()) {
      state = next;
    }
  }

  private void poll() {
    try {
      long revision = db.read(IdentityRows::revision);
      if (revision != state.revision()) {
        reload();
      }
    } catch (RuntimeException e) {
      // The snapshot stays as it is; the next poll tries again.
      log.warn("reloading API keys failed; keeping the last snapshot: {}", e.getMessage());
    }
  }

  private static State load(long revision, List<IdentityRows.LiveKey> keys) {
    Map<String, Entry> byHash = new HashMap<>(keys.size() * 2);
    for (IdentityRows.LiveKey k : keys) {
      byHash.put(
          k.hash(),
          new Entry(
              principal(k.consumer()),
              Set.copyOf(k.routes()),
              k.expiresAt() == null ? Long.MAX_VALUE : k.expiresAt()));
    }
    return new State(revision, Map.copyOf(byHash));
  }

  static Principal principal(Consumer c) {
    return new Principal(
        c.name(), c.kind(), c.project(), Set.copyOf(c.groups()), Set.of(), "api-key");
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
