package io.gatehouse.connect;

import io.gatehouse.connect.internal.LeaseRows;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates every connection again on a schedule, keeping each result in its history (trigger
 * {@code schedule}). Per-user connections are left out: only a user can validate them, with their
 * own token. Replicas sharing a store take turns through a lease in the store, so each round runs
 * on one of them; the holder renews the lease before each connection and stops if it lost it.
 */
public final class ConnectionMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionMonitor.class);
  static final String LEASE = "validation";

  private final Connections connections;
  private final Database db;
  private final Duration every;
  private final Clock clock;
  private final String holder = UUID.randomUUID().toString();
  private final ScheduledExecutorService timer;

  private ConnectionMonitor(Connections connections, Database db, Duration every, Clock clock) {
    this.connections = connections;
    this.db = db;
    this.every = every;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("gatehouse-connection-monitor").factory());
  }

  /** Starts validating every {@code every} (the first round after one interval). */
  public static ConnectionMonitor start(
      Connections connections, Database db, Duration every, Clock clock) {
    ConnectionMonitor m = new ConnectionMonitor(connections, db, every, clock);
    long ms = every.toMillis();
    m.timer.scheduleWithFixedDelay(m::round, ms, ms, TimeUnit.MILLISECONDS);
    return m;
  }

  /** One round, if this replica holds (or takes) the lease. */
  void round() {
    try {
      if (!lease()) {
        return;
      }
      for (Connection c : connections.all()) {
        if (c.auth() instanceof ConnectionAuth.UserOAuth) {
          continue;
        }
        if (!lease()) {
          log.info("connections: another replica took over the scheduled validation");
          return;
        }
        validate(c);
      }
    } catch (StoreException e) {
      log.warn("connections: scheduled validation skipped this round: store {}", e.code());
    } catch (RuntimeException e) {
      log.warn("connections: scheduled validation failed: {}", e.getClass().getSimpleName());
    }
  }

  private void validate(Connection c) {
    try {
      Validation v = connections.validate(c.project(), c.name(), null, "schedule");
      if (!v.connected()) {
        log.info("connections: {}/{} {}", c.project(), c.name(), v.diagnosis());
      }
    } catch (GatehouseException e) {
      // deleted meanwhile, or its credential cannot be had: the next round tries again
      log.info("connections: {}/{} not validated: {}", c.project(), c.name(), e.error().key());
    }
  }

  private boolean lease() {
    long now = clock.millis();
    // held a little longer than one interval, so a holder that is slow to renew keeps it
    long until = now + every.toMillis() + every.toMillis() / 2;
    return db.write(tx -> LeaseRows.take(tx, LEASE, holder, now, until));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
