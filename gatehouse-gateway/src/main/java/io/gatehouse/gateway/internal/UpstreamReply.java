package io.gatehouse.gateway.internal;

/** What an upstream answered to one HTTP exchange. */
sealed interface UpstreamReply {

  /** 202, or an empty 2xx: the notification or response was taken. */
  record Accepted() implements UpstreamReply {}

  /** One JSON-RPC message as {@code application/json}. */
  record Message(byte[] json) implements UpstreamReply {}

  /** An event stream; the caller reads it and must close it. */
  record Events(EventSource source) implements UpstreamReply {}

  /**
   * An HTTP error status. The body is kept (bounded) when it is JSON, so the caller can relay the
   * upstream's own JSON-RPC error.
   */
  record Failure(int status, byte[] body, boolean json) implements UpstreamReply {}
}
