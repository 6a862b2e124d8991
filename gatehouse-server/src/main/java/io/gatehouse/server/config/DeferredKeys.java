package io.gatehouse.server.config;

import io.gatehouse.policy.ApiKeys;

/**
 * The API keys the configured routes check against, bound to the identity store's snapshot once the
 * store is open. Routes are published before that (the HTTP port opens while migrations run); until
 * then a key is refused with a message that says why.
 */
public final class DeferredKeys implements ApiKeys {
  private volatile ApiKeys target;

  public void bind(ApiKeys keys) {
    this.target = keys;
  }

  @Override
  public Check check(String key, String route) {
    ApiKeys t = target;
    return t == null
        ? new Unavailable("API keys are still loading (the store is starting); retry in a moment")
        : t.check(key, route);
  }
}
