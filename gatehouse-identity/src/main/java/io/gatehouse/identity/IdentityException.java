package io.gatehouse.identity;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;

/** A refused identity operation, with its stable key. */
public final class IdentityException extends GatehouseException {
  public IdentityException(ErrorKey error, String message) {
    super(error, message);
  }
}
