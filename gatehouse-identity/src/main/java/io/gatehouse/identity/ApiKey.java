package io.gatehouse.identity;

import java.time.Instant;
import java.util.List;

/**
 * What is kept about an API key: never the key, only its visible prefix.
 *
 * @param routes the routes it may be used on; empty for every route
 * @param expiresAt when it stops working, or null
 * @param revokedAt when it was revoked, or null while live
 */
public record ApiKey(
    String id,
    String consumer,
    String prefix,
    List<String> routes,
    Instant expiresAt,
    Instant createdAt,
    Instant revokedAt) {
  public ApiKey {
    routes = List.copyOf(routes);
  }
}
