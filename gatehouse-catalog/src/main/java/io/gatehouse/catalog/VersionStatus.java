package io.gatehouse.catalog;

import java.util.Locale;

/**
 * A version's lifecycle: active is listed, deprecated is listed with a warning, deleted is hidden
 * by default.
 */
public enum VersionStatus {
  ACTIVE,
  DEPRECATED,
  DELETED;

  /** The spelling on the wire and in the store ({@code active}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire spelling; null if it is not one. */
  public static VersionStatus parse(String value) {
    for (VersionStatus s : values()) {
      if (s.wire().equals(value)) {
        return s;
      }
    }
    return null;
  }
}
