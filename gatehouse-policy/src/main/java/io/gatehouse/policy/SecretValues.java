package io.gatehouse.policy;

import io.gatehouse.core.Secret;

/**
 * The secret values policies put into upstream requests, from an in-memory cache of the vault: a
 * lookup never touches the store; {@link #load} does, off the I/O threads.
 */
public interface SecretValues {
  /** What a lookup found. */
  sealed interface Lookup {}

  /** The value (possibly a few seconds old; it is refreshed in the background). */
  record Ready(Secret value) implements Lookup {}

  /** Not in the cache yet: {@link #load} it first. */
  record NeedsLoad() implements Lookup {}

  /** The vault has no such secret, or cannot open it; {@code reason} names no value. */
  record Missing(String reason) implements Lookup {}

  /** The vault is not there yet (starting) or has no master key. */
  record Unavailable(String reason) implements Lookup {}

  Lookup lookup(String project, String name);

  /** Reads the secret from the vault into the cache; blocking. */
  void load(String project, String name);
}
