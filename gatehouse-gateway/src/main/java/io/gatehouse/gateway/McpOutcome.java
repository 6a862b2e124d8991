package io.gatehouse.gateway;

import io.gatehouse.core.ErrorKey;

/**
 * What the caller saw of an exchange, as {@link McpPolicy#onComplete} reports it.
 *
 * @param status the HTTP status of the answer
 * @param error the key of the error answered, or null when the answer was not an error
 * @param streamed whether the answer went out as an event stream
 * @param events how many events carried messages, on a stream
 * @param upstreamStatus the HTTP status the upstream answered with, or 0 when the exchange never
 *     reached it (refused by a policy, answered by the gateway itself, or the upstream unreachable)
 * @param upstreamNanos from sending the (last) request upstream to its answer's headers, or -1 when
 *     it never reached the upstream
 * @param bytesOut how many bytes of answer went to the caller by the time the exchange ended: the
 *     body, or the encoded events of a stream (keep-alive comments included; for a legacy caller,
 *     the events its one stream carried for this message), or -1 when not counted
 */
public record McpOutcome(
    int status,
    ErrorKey error,
    boolean streamed,
    int events,
    int upstreamStatus,
    long upstreamNanos,
    long bytesOut) {

  /** An outcome with nothing known of the upstream. */
  public McpOutcome(int status, ErrorKey error, boolean streamed, int events) {
    this(status, error, streamed, events, 0, -1, -1);
  }

  public static McpOutcome of(int status, ErrorKey error) {
    return new McpOutcome(status, error, false, 0);
  }

  /** The error's key, or null. */
  public String errorKey() {
    return error == null ? null : error.key();
  }
}
