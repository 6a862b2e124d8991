package io.gatehouse.connect;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.core.GatehouseException;
import java.util.Map;

/**
 * What stopped a conversation with an upstream, keyed by a {@link Diagnosis}, with details for the
 * person fixing it (the upstream's {@code WWW-Authenticate}, a {@code Retry-After}, the transport
 * that works). Never carries a credential.
 */
public final class McpFailure extends GatehouseException {
  private final transient Map<String, String> facts;

  public McpFailure(ErrorKey key, String message) {
    this(key, message, Map.of());
  }

  public McpFailure(ErrorKey key, String message, Map<String, String> facts) {
    super(key, message);
    this.facts = Map.copyOf(facts);
  }

  /** Details keyed by name: {@code wwwAuthenticate}, {@code retryAfter}, {@code works}. */
  public Map<String, String> facts() {
    return facts;
  }
}
