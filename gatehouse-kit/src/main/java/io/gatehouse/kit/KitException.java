package io.gatehouse.kit;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import java.util.List;

/**
 * A server kit failure with a stable key ({@link KitErrors}): a wrong definition, missing keys, a
 * refused publication. Its message names the value and what was expected, never a key.
 */
public final class KitException extends GatehouseException {
  public KitException(ErrorKey error, String message) {
    super(error, message);
  }

  public KitException(ErrorKey error, String message, List<Problem> details) {
    super(error, message, details);
  }

  public KitException(ErrorKey error, String message, Throwable cause) {
    super(error, message, cause);
  }
}
