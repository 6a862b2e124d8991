package io.gatehouse.identity;

import java.util.Locale;

/** What a project member may do: owners everything, contributors change, users read and call. */
public enum Role {
  OWNER,
  CONTRIBUTOR,
  USER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
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
