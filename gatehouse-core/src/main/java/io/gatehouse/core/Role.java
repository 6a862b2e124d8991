package io.gatehouse.core;

import java.util.Locale;

/**
 * What a project member may do: owners everything (members too), contributors change what the
 * project holds, users read it and call its routes.
 */
public enum Role {
  OWNER,
  CONTRIBUTOR,
  USER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role may do what {@code needed} may. */
  public boolean covers(Role needed) {
    return ordinal() <= needed.ordinal();
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Role fromWire(String value) {
    for (Role r : values()) {
      if (r.wireName().equals(value)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "role: '" + value + "' (expected: owner, contributor or user)");
  }
}
