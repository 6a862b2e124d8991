package io.gatehouse.connect.internal;

import io.gatehouse.store.Tx;
import java.sql.SQLException;

/**
 * The SQL of {@code connect_leases}. Taking a lease is one conditional {@code UPDATE}, so on
 * PostgreSQL the row lock decides between replicas that try at once, and on SQLite the one writer.
 */
public final class LeaseRows {
  private LeaseRows() {}

  /**
   * Takes or renews lease {@code name} for {@code holder} until {@code until}, if {@code holder}
   * has it or it expired by {@code now}; returns whether {@code holder} has it now.
   */
  public static boolean take(Tx tx, String name, String holder, long now, long until)
      throws SQLException {
    return tx.update(
            "UPDATE connect_leases SET holder = ?, expires_at = ?"
                + " WHERE name = ? AND (holder = ? OR expires_at <= ?)",
            holder,
            until,
            name,
            holder,
            now)
        == 1;
  }
}
