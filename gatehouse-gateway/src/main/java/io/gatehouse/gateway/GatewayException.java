package io.gatehouse.gateway;

import static java.util.Objects.requireNonNull;

/**
 * A failure the gateway answers with {@link GatewayError}. Its message is written to the caller, so it
 * names routes and values, never secrets or upstream internals.
 */
public class GatewayException extends RuntimeException {
  private final GatewayError error;

  public GatewayException(GatewayError error, String message) {
    this(error, message, null);
  }

  public GatewayException(GatewayError error, String message, Throwable cause) {
    super(message, cause, false, false);
    this.error = requireNonNull(error, "error");
  }

  public GatewayError error() {
    return error;
  }
}
