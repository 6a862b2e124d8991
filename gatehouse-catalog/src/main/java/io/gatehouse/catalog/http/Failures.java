package io.gatehouse.catalog.http;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into a {@link CatalogException} for the wire; internal details go to the log
 * only.
 */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  static GatehouseException of(RuntimeException e, String what) {
    if (e instanceof GatehouseException c) {
      return c;
    }
    if (e instanceof StoreException s && StoreException.UNAVAILABLE.equals(s.code())) {
      log.warn("{}: {} {}", what, s.code(), s.getMessage());
      return new CatalogException(
          CatalogErrors.STORE_UNAVAILABLE,
          "the catalog's store is not reachable; try again shortly");
    }
    String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
    log.error("incident {}: {} failed", incident, what, e);
    return new CatalogException(
        CatalogErrors.INTERNAL_ERROR,
        "the catalog could not complete the request (incident " + incident + ")");
  }
}
