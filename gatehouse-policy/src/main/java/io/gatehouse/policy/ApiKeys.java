package io.gatehouse.policy;

import io.gatehouse.core.Principal;

/**
 * Checks an API key a caller presents. The identity module implements it over an in-memory snapshot
 * of the stored key hashes, refreshed within a second of any change, so a check costs a hash and a
 * map lookup and never a store query.
 */
public interface ApiKeys {
  /** What a presented key turned out to be. */
  sealed interface Check {}

  /** A live key that may be used on the route: the consumer it belongs to. */
  record Valid(Principal principal) implements Check {}

  /** No live key: unknown, revoked or expired; {@code reason} says which, naming no secret. */
  record Invalid(String reason) implements Check {}

  /** The keys cannot be checked yet (the store is starting): try again in a moment. */
  record Unavailable(String reason) implements Check {}

  /**
   * A live key scoped to other routes than the one it was sent to; {@code principal} is whose it
   * is, for the places that are not routes (the registry).
   */
  record OtherRoute(Principal principal) implements Check {
    public String consumer() {
      return principal.subject();
    }
  }

  /**
   * @param key the key exactly as presented
   * @param route the route it was sent to
   */
  Check check(String key, String route);

  /** Whether {@code credential} has the shape of a Gatehouse API key (so a JWT is not tried). */
  static boolean looksLikeKey(String credential) {
    return credential.startsWith(ApiKeyFormat.PREFIX);
  }
}
