package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.CatalogError;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.sql.SQLException;

/** The check every attachment (auth scheme, access rule) makes first: the version exists. */
public final class VersionChecks {
  private VersionChecks() {}

  public static void exists(Tx tx, VersionRef ref) throws SQLException {
    if (VersionRows.find(tx, ref).isEmpty()) {
      throw new CatalogException(CatalogError.VERSION_NOT_FOUND, "version " + ref.version() + " of " + ref.server()
          + " is not in the catalog; publish it first");
    }
  }
}
