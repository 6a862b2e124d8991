package io.gatehouse.catalog.internal;

import io.gatehouse.store.Tx;
import java.sql.SQLException;

/**
 * The catalog revision: a counter every write that changes what the gateway serves bumps in the
 * same transaction. Replicas poll it and republish their routes when it moves, so changes made by
 * another replica or by {@code gatehouse catalog import} reach every gateway without a restart.
 */
public final class RevisionRows {
  private RevisionRows() {}

  public static void bump(Tx tx) throws SQLException {
    tx.update("UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1");
  }

  public static long current(Tx tx) throws SQLException {
    return tx.first("SELECT revision FROM catalog_revision WHERE id = 1", rs -> rs.getLong(1))
        .orElse(0L);
  }
}
