package io.gatehouse.catalog;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import java.util.List;

/**
 * A catalog operation was refused or failed, keyed by one of {@link CatalogErrors}. The message
 * says what to do; the details list every problem with its field (for a refused document, all of
 * them). Never carries secrets.
 */
public final class CatalogException extends GatehouseException {
  public CatalogException(ErrorKey error, String message) {
    super(error, message);
  }

  public CatalogException(ErrorKey error, String message, List<Problem> details) {
    super(error, message, details);
  }
}
