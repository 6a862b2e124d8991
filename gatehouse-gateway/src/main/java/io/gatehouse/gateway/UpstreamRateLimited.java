package io.gatehouse.gateway;

/**
 * The upstream answered HTTP 429: the caller gets {@link GatewayErrors#UPSTREAM_RATE_LIMITED} with
 * the upstream's {@code Retry-After} as {@code error.data.retryAfterSeconds} and as a {@code
 * Retry-After} header, so it can back off as the upstream asked.
 */
public final class UpstreamRateLimited extends GatewayException {
  private final long retryAfterSeconds;

  /**
   * @param retryAfterSeconds from the upstream's {@code Retry-After}, or -1 when it gave none
   */
  public UpstreamRateLimited(String route, long retryAfterSeconds) {
    super(
        GatewayErrors.UPSTREAM_RATE_LIMITED,
        "route '"
            + route
            + "': the upstream is rate limiting calls (HTTP 429"
            + (retryAfterSeconds >= 0 ? ", retry after " + retryAfterSeconds + " s" : "")
            + ")");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds to wait, or -1 when the upstream did not say. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Reads a {@code Retry-After} value (RFC 9110 §10.2.3: delta-seconds or an HTTP date) as seconds
   * from {@code nowMillis}; -1 when absent or unreadable.
   */
  public static long seconds(String retryAfter, long nowMillis) {
    if (retryAfter == null || retryAfter.isBlank()) {
      return -1;
    }
    String v = retryAfter.trim();
    if (v.chars().allMatch(Character::isDigit) && v.length() < 10) {
      return Long.parseLong(v);
    }
    try {
      long at =
          java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      return Math.max(0, (at - nowMillis + 999) / 1000);
    } catch (java.time.format.DateTimeParseException e) {
      return -1;
    }
  }
}
