package io.gatehouse.vault;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;

/** A refused vault operation, with its stable key; it never carries a secret value. */
public final class VaultException extends GatehouseException {
  public VaultException(ErrorKey error, String message) {
    super(error, message);
  }
}
