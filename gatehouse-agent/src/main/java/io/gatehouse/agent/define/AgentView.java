package io.gatehouse.agent.define;

import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every stored agent in memory, for the runtime's lookups: a lookup reads the view, and at most
 * once per {@code ttl} one caller asks the store whether anything changed (one small read of the
 * revision; the agents are read again only when it moved). So a change made on another replica is
 * seen within the ttl, and no lookup waits for the store while another caller is already asking.
 */
final class AgentView {
  private static final Logger log = LoggerFactory.getLogger(AgentView.class);

  private final Database db;
  private final Clock clock;
  private final long ttlMillis;
  private final Function<AgentRows.Row, AgentDefinition> definition;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger storeReads = new AtomicInteger();
  private volatile Snapshot snapshot;

  private record Snapshot(long revision, long checkedAt, Map<String, AgentDefinition> agents) {}

  AgentView(
      Database db, Clock clock, Duration ttl, Function<AgentRows.Row, AgentDefinition> definition) {
    this.db = db;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.definition = definition;
  }

  AgentDefinition find(String project, String name) {
    Snapshot s = snapshot;
    if (s == null || clock.millis() - s.checkedAt() >= ttlMillis) {
      s = refresh();
    }
    return s.agents().get(key(project, name));
  }

  /**
   * Brings the view up to date. A caller that finds another already asking the store goes on with
   * the view as it is (at most one ttl old); only the first lookup ever waits.
   */
  private Snapshot refresh() {
    Snapshot s = snapshot;
    if (s != null && !lock.tryLock()) {
      return s;
    }
    if (s == null) {
      lock.lock();
    }
    try {
      s = snapshot;
      long now = clock.millis();
      if (s != null && now - s.checkedAt() < ttlMillis) {
        return s;
      }
      storeReads.incrementAndGet();
      try {
        long revision = db.read(AgentRows::revision);
        s =
            s == null || revision != s.revision()
                ? load()
                : new Snapshot(revision, now, s.agents());
      } catch (StoreException e) {
        if (s == null) {
          throw e;
        }
        log.warn("agents: the store did not answer ({}); the agents read before stay", e.code());
        s = new Snapshot(s.revision(), now, s.agents());
      }
      snapshot = s;
      return s;
    } finally {
      lock.unlock();
    }
  }

  /** After a write here: read everything again now, so this replica sees its own change at once. */
  void changed() {
    lock.lock();
    try {
      storeReads.incrementAndGet();
      snapshot = load();
    } finally {
      lock.unlock();
    }
  }

  /** How often the view asked the store, for tests. */
  int storeReads() {
    return storeReads.get();
  }

  private Snapshot load() {
    return db.read(
        tx -> {
          long revision = AgentRows.revision(tx);
          Map<String, AgentDefinition> agents = new java.util.HashMap<>();
          for (AgentRows.Row r : AgentRows.all(tx)) {
            agents.put(key(r.project(), r.name()), definition.apply(r));
          }
          return new Snapshot(revision, clock.millis(), Map.copyOf(agents));
        });
  }

  private static String key(String project, String name) {
    return project + "/" + name;
  }
}
