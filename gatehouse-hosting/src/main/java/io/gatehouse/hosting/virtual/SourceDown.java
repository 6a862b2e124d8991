package io.gatehouse.hosting.virtual;

/**
 * A source could not be reached or refused the request: {@link #reason} is a stable key (the
 * gateway's own key when it answered one, such as {@code UNAUTHENTICATED} or {@code
 * UPSTREAM_UNAVAILABLE}; {@code UNREACHABLE} or {@code TIMEOUT} otherwise).
 */
final class SourceDown extends Exception {
  private final String reason;
  private final boolean sessionGone;

  SourceDown(String reason, String message, boolean sessionGone) {
    super(message, null, false, false);
    this.reason = reason;
    this.sessionGone = sessionGone;
  }

  SourceDown(String reason, String message) {
    this(reason, message, false);
  }

  String reason() {
    return reason;
  }

  /** The source no longer knows the session (HTTP 404 to a request that named one). */
  boolean sessionGone() {
    return sessionGone;
  }
}
