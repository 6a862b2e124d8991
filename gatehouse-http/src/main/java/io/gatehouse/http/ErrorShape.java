package io.gatehouse.http;

import io.gatehouse.core.ErrorBodies;
import io.gatehouse.core.GatehouseException;

/**
 * How a mount writes its errors: Gatehouse's own shape, or the one the MCP Registry API's OpenAPI
 * prescribes.
 */
public enum ErrorShape {
  /** {@code {"error": {"code", "message", "details", "hint"}}}. */
  REST,
  /** {@code {"error": "message", "code", "details", "hint"}}. */
  REGISTRY;

  public byte[] body(GatehouseException e) {
    return this == REGISTRY ? ErrorBodies.registry(e) : ErrorBodies.rest(e);
  }
}
