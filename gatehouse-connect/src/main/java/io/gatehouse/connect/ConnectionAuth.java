package io.gatehouse.connect;

import java.util.Map;

/**
 * How Gatehouse authenticates to a connection's upstream. Secret parts are never held here: they
 * are names of vault secrets of the connection's project ({@code ${secret:NAME}} in templates).
 */
public sealed interface ConnectionAuth {
  /** The configuration spelling: {@code none}, {@code key}. */
  String type();

  /** No credential. */
  record None() implements ConnectionAuth {
    @Override
    public String type() {
      return "none";
    }
  }

  /**
   * Keys in headers or query parameters (such as {@code Authorization: Bearer ${secret:pat}},
   * {@code X-API-Key: ${secret:key}} or {@code ?code=${secret:function-key}}).
   *
   * @param headers header name to value template
   * @param query query parameter name to value template
   */
  record Key(Map<String, String> headers, Map<String, String> query) implements ConnectionAuth {
    public Key {
      headers = Map.copyOf(headers);
      query = Map.copyOf(query);
    }

    @Override
    public String type() {
      return "key";
    }
  }
}
