package io.gatehouse.gateway;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.protocol.JsonRpcId;
import java.util.List;

/**
 * A failure the gateway answers with one of its {@link GatewayErrors}. Its message is written to
 * the caller, so it names routes and values, never secrets or upstream internals.
 */
public class GatewayException extends GatehouseException {
  private final transient JsonRpcId id;

  public GatewayException(ErrorKey error, String message) {
    this(error, message, (Throwable) null);
  }

  public GatewayException(ErrorKey error, String message, Throwable cause) {
    super(error, message, List.of(), cause);
    this.id = null;
  }

  /** A refusal of a message whose id is known, so the error answer can carry it. */
  public GatewayException(ErrorKey error, String message, JsonRpcId id) {
    super(error, message, List.of(), null);
    this.id = id;
  }

  /** The id of the refused message, or null. */
  public JsonRpcId id() {
    return id;
  }
}
