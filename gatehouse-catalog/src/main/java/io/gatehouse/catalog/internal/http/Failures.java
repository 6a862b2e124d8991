package io.gatehouse.catalog.internal.http;

import io.gatehouse.catalog.CatalogError;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure into a {@link CatalogException} for the wire; internal details go to the log only. */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  static CatalogException of(RuntimeException e, String what) {
    if (e instanceof CatalogException c) {
      return c;
    }
    if (e instanceof StoreException s && StoreException.UNAVAILABLE.equals(s.code())) {
      log.warn("{}: {} {}", what, s.code(), s.getMessage());
      return new CatalogException(CatalogError.STORE_UNAVAILABLE, "the catalog's store is not reachable; try again shortly");
    }
    log.error("{} failed", what, e);
    return new CatalogException(CatalogError.INTERNAL, "the catalog could not complete the request; the server log has the details");
  }
}
