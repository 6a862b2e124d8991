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
  REGISTRY,
  /**
   * OpenAI's, for the Responses API: {@code {"error": {"message", "type", "param", "code"}}},
   * {@code code} being the stable key.
   */
  OPENAI;

  public byte[] body(GatehouseException e) {
    return switch (this) {
      case REGISTRY -> ErrorBodies.registry(e);
      case REST -> ErrorBodies.rest(e);
      case OPENAI -> ErrorBodies.openAi(e, null);
    };
  }
}
