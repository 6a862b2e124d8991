package io.gatehouse.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A refusal or failure that reaches a caller as an {@link ErrorKey}. The message is written to the
 * caller, so it names routes, fields and values, never secrets or internals; {@link #details()}
 * lists every problem of a refused document. Refusals are expected, so no stack trace is taken; a
 * cause keeps its own.
 */
public class GatehouseException extends RuntimeException {
  private final ErrorKey error;
  private final List<Problem> details;

  public GatehouseException(ErrorKey error, String message) {
    this(error, message, List.of(), null);
  }

  public GatehouseException(ErrorKey error, String message, List<Problem> details) {
    this(error, message, details, null);
  }

  public GatehouseException(ErrorKey error, String message, Throwable cause) {
    this(error, message, List.of(), cause);
  }

  protected GatehouseException(
      ErrorKey error, String message, List<Problem> details, Throwable cause) {
    super(requireNonNull(message, "message"), cause, false, false);
    this.error = requireNonNull(error, "error");
    this.details = List.copyOf(details);
  }

  public ErrorKey error() {
    return error;
  }

  public List<Problem> details() {
    return details;
  }
}
