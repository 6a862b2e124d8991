package io.gatehouse.cluster;

import static java.util.Objects.requireNonNull;

import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas that serve now, in the shared store (table {@code cluster_replicas}): this one
 * writes its row at start and every third of {@code expiry}, reads everyone's with it, and deletes
 * its row when it stops. A replica whose row is missing or older than {@code expiry} is gone.
 * Lookups read the last heartbeat's view; only a replica missing from it costs one store read.
 */
public final class Replicas implements Peers.Directory, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Replicas.class);
  static final String MIGRATIONS = "classpath:db/cluster";

  private record Seen(URI url, long seenAt) {}

  private final Database db;
  private final String self;
  private final URI url;
  private final long expiryMicros;
  private final Clock clock;
  private final long startedAt;
  private final ScheduledExecutorService beats;
  private volatile Map<String, Seen> seen = Map.of();

  private Replicas(Database db, String self, URI url, Duration expiry, Clock clock) {
    this.db = db;
    this.self = self;
    this.url = url;
    this.expiryMicros = micros(expiry);
    this.clock = clock;
    this.startedAt = micros(clock.instant());
    this.beats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gatehouse-cluster-heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Announces replica {@code self}, reachable at {@code peerUrl}, and keeps announcing it.
   *
   * @param expiry how long after its last heartbeat a replica counts as gone
   */
  public static Replicas open(Database db, String self, URI peerUrl, Duration expiry, Clock clock) {
    requireNonNull(db, "db");
    requireNonNull(self, "self");
    requireNonNull(peerUrl, "peerUrl");
    requireNonNull(clock, "clock");
    if (expiry.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("expiry: " + expiry + " (expected: >= 1s)");
    }
    db.migrate("cluster", MIGRATIONS);
    Replicas r = new Replicas(db, self, peerUrl, expiry, clock);
    r.beat(); // the others find this replica as soon as it serves
    long every = Math.max(1, expiry.toMillis() / 3);
    r.beats.scheduleWithFixedDelay(r::beatQuietly, every, every, TimeUnit.MILLISECONDS);
    log.info("cluster: replica {} announced, peer port at {}", self, peerUrl);
    return r;
  }

  @Override
  public URI lookup(String replica) {
    long cutoff = micros(clock.instant()) - expiryMicros;
    Seen s = seen.get(replica);
    if (s != null && s.seenAt >= cutoff) {
      return s.url;
    }
    try {
      s =
          db.read(
                  tx ->
                      tx.first(
                          "SELECT peer_url, seen_at FROM cluster_replicas WHERE id = ?",
                          rs -> new Seen(URI.create(rs.getString(1)), rs.getLong(2)),
                          replica))
              .orElse(null);
      return s == null || s.seenAt < cutoff ? null : s.url;
    } catch (StoreException e) {
      // the store is out: the last word we had is better than none (the peer may well be there)
      log.warn("cluster: looking up replica {} failed: {}", replica, e.toString());
      return s == null ? null : s.url;
    }
  }

  /** The replicas that serve now (this one included), by id, as of the last heartbeat. */
  public Map<String, URI> serving() {
    long cutoff = micros(clock.instant()) - expiryMicros;
    return seen.entrySet().stream()
        .filter(e -> e.getValue().seenAt >= cutoff)
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().url));
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (RuntimeException e) {
      log.warn("cluster: heartbeat of replica {} failed: {}", self, e.toString());
    }
  }

  private void beat() {
    long now = micros(clock.instant());
    seen =
        db.write(
            tx -> {
              tx.update(
                  "INSERT INTO cluster_replicas (id, peer_url, started_at, seen_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
                      + " SET peer_url = excluded.peer_url, seen_at = excluded.seen_at",
                  self,
                  url.toString(),
                  startedAt,
                  now);
              // rows of replicas that died without a word, long after anyone could ask for them
              tx.update("DELETE FROM cluster_replicas WHERE seen_at < ?", now - 10 * expiryMicros);
              return tx
                  .list(
                      "SELECT id, peer_url, seen_at FROM cluster_replicas WHERE seen_at >= ?",
                      rs ->
                          Map.entry(
                              rs.getString(1),
                              new Seen(URI.create(rs.getString(2)), rs.getLong(3))),
                      now - expiryMicros)
                  .stream()
                  .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
            });
  }

  /** Stops the heartbeat and leaves the row (a replica that died without a word; tests). */
  void stopBeating() {
    beats.shutdownNow();
  }

  /** Stops the heartbeat and removes this replica's row: it is gone for the others at once. */
  @Override
  public void close() {
    beats.shutdownNow();
    try {
      beats.awaitTermination(5, TimeUnit.SECONDS);
      db.write(tx -> tx.update("DELETE FROM cluster_replicas WHERE id = ?", self));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("cluster: could not remove replica {} from the store: {}", self, e.toString());
    }
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1_000;
  }
}
