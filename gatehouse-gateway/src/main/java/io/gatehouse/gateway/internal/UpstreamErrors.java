package io.gatehouse.gateway.internal;

import io.gatehouse.protocol.Json;

/**
 * Reads the {@code error.message} of an upstream's JSON-RPC error body, to pass it on to the
 * caller.
 */
final class UpstreamErrors {
  private static final int MAX = 300;

  private UpstreamErrors() {}

  /**
   * The message, shortened to a few hundred characters; null when the body is no JSON-RPC error.
   */
  static String message(byte[] body) {
    String m = Json.nestedString(body, "error", "message");
    return m == null || m.length() <= MAX ? m : m.substring(0, MAX) + "…";
  }
}
