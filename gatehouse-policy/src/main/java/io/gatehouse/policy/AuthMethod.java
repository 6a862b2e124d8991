package io.gatehouse.policy;

import java.util.Locale;

/** An inbound authentication method a route accepts ({@code routes[].auth}). */
public enum AuthMethod {
  /** A Gatehouse API key as {@code Authorization: Bearer} or {@code X-API-Key}. */
  API_KEY,
  /** A JWT bearer token from a configured issuer. */
  JWT;

  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static AuthMethod fromConfig(String value) {
    for (AuthMethod m : values()) {
      if (m.configName().equals(value)) {
        return m;
      }
    }
    throw new IllegalArgumentException("'" + value + "' (expected: none, api-key or jwt)");
  }
}
