package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Environment;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.sql.SQLException;

/**
 * Finding what a write refers to, with one not-found error (and message) per kind wherever it is
 * looked up.
 */
public final class Lookups {
  private Lookups() {}

  public static ServerVersion version(Tx tx, VersionRef ref) throws SQLException {
    return VersionRows.find(tx, ref)
        .orElseThrow(
            () ->
                new CatalogException(
                    CatalogErrors.VERSION_NOT_FOUND,
                    "version "
                        + ref.version()
                        + " of "
                        + ref.server()
                        + " is not in the catalog; publish it first"));
  }

  public static Environment environment(Tx tx, String name) throws SQLException {
    return EnvironmentRows.find(tx, name).orElseThrow(() -> environmentNotFound(name));
  }

  public static CatalogException environmentNotFound(String name) {
    return new CatalogException(
        CatalogErrors.ENVIRONMENT_NOT_FOUND,
        "environment '" + name + "' does not exist; create it with POST /admin/v1/environments");
  }
}
