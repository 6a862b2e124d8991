package io.gatehouse.server.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The top-level {@code connections:} beyond the validation timeout.
 *
 * @param validateEvery how often every connection that is not per-user is validated; zero for never
 * @param defined the connections the file defines, created or updated to match at start and reload
 */
public record ConnectionSettings(Duration validateEvery, List<Defined> defined) {
  public static final Duration DEFAULT_EVERY = Duration.ofMinutes(15);

  public ConnectionSettings {
    requireNonNull(validateEvery, "validateEvery");
    defined = List.copyOf(defined);
  }

  /**
   * One connection of the file.
   *
   * @param key where it is in the file ({@code connections[0]}), for messages
   * @param body the admin API's JSON for it ({@code name}, {@code url}, {@code transport}, {@code
   *     auth}); secrets in it are vault names or values read from the environment
   */
  public record Defined(String key, String project, String name, JsonNode body) {}
}
