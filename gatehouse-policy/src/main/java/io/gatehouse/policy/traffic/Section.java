package io.gatehouse.policy.traffic;

import tools.jackson.databind.JsonNode;

/**
 * One section of a policy set ({@code validation}, {@code limits}, {@code headers}, ...): reads its
 * part of an effective (already merged) tree into settings. The same reader serves the
 * configuration file and the admin API, so both accept and refuse the same things.
 *
 * @param <T> the settings this section reads
 */
public interface Section<T> {
  /** The member of a policy set this section reads, such as {@code limits}. */
  String name();

  /**
   * Reads {@code node} (the section's member of the merged tree; a missing node when no scope sets
   * it) into settings, adding a problem for each field at fault, named under {@code path}. Returns
   * settings to use even when it found problems (the caller throws them as a whole).
   */
  T read(JsonNode node, String path, Problems problems);
}
