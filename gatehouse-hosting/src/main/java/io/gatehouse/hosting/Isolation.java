package io.gatehouse.hosting;

import java.util.Locale;

/** How a hosted route's sessions map to processes. */
public enum Isolation {
  /** A process per session: the safe default for servers that keep state. */
  SESSION,
  /**
   * One process for the route, the requests of every session multiplexed over it: only for servers
   * that keep no per-session or per-user state.
   */
  SHARED;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static Isolation fromConfig(String value) {
    for (Isolation i : values()) {
      if (i.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return i;
      }
    }
    throw new IllegalArgumentException("isolation: '" + value + "' (expected: session or shared)");
  }
}
