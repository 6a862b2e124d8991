package io.gatehouse.gateway;

import io.gatehouse.core.ErrorKey;

/**
 * What the caller saw of an exchange, as {@link McpPolicy#onComplete} reports it.
 *
 * @param status the HTTP status of the answer
 * @param error the key of the error answered, or null when the answer was not an error
 * @param streamed whether the answer went out as an event stream
 * @param events how many events carried messages, on a stream
 */
public record McpOutcome(int status, ErrorKey error, boolean streamed, int events) {

  public static McpOutcome of(int status, ErrorKey error) {
    return new McpOutcome(status, error, false, 0);
  }

  /** The error's key, or null. */
  public String errorKey() {
    return error == null ? null : error.key();
  }
}
