package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

import io.gatehouse.protocol.JsonRpcId;

/**
 * A failure the gateway answers with {@link GatewayError}. Its message is written to the caller, so it
 * names routes and values, never secrets or upstream internals.
 */
public class GatewayException extends RuntimeException {
  private final GatewayError error;
  private final transient JsonRpcId id;

  public GatewayException(GatewayError error, String message) {
    this(error, message, (Throwable) null);
  }

  public GatewayException(GatewayError error, String message, Throwable cause) {
    this(error, message, cause, null);
  }

  /** A refusal of a message whose id is known, so the error answer can carry it. */
  public GatewayException(GatewayError error, String message, JsonRpcId id) {
    this(error, message, null, id);
  }

  private GatewayException(GatewayError error, String message, Throwable cause, JsonRpcId id) {
    super(message, cause, false, false);
    this.error = requireNonNull(error, "error");
    this.id = id;
  }

  /** The id of the refused message, or null. */
  public JsonRpcId id() {
    return id;
  }

  public GatewayError error() {
    return error;
  }
}
