package io.gatehouse.server.config;

/**
 * The configuration cannot be used. The message names the key, the value and what was expected,
 * e.g. {@code routes[0].upstream.url: 'ftp://x' (expected: an http or https URL)}; it never
 * contains a secret.
 */
public final class ConfigException extends RuntimeException {
  public static final String KEY = "CONFIG_INVALID";

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
