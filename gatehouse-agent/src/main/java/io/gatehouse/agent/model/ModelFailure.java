package io.gatehouse.agent.model;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;

/**
 * Why a model turn failed, keyed ({@code MODEL_UNAVAILABLE}, {@code MODEL_REFUSED}, {@code
 * MODEL_NOT_FOUND}, ...). Never carries the provider's key.
 */
public final class ModelFailure extends GatehouseException {
  public ModelFailure(ErrorKey key, String message) {
    super(key, message);
  }

  public ModelFailure(ErrorKey key, String message, Throwable cause) {
    super(key, message, cause);
  }
}
