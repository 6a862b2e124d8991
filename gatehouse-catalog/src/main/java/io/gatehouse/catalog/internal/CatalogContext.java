package io.gatehouse.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.gatehouse.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What every catalog service shares: the store, the clock, and the hooks that tell the running
 * process about committed changes (so this replica republishes at once instead of at the next
 * poll).
 */
public record CatalogContext(Database db, Clock clock, CatalogHooks hooks) {
  public CatalogContext {
    requireNonNull(db, "db");
    requireNonNull(clock, "clock");
    requireNonNull(hooks, "hooks");
  }

  /** Now, at the microsecond precision the store keeps. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  public void changed() {
    hooks.routesChanged();
  }

  public static String newId(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }
}
