package io.gatehouse.catalog;

import java.util.Locale;

/** What an environment is for, so clients and policies can tell production from the rest. */
public enum EnvironmentKind {
  DEV,
  TEST,
  STAGING,
  PROD;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire spelling ({@code prod}); null if it is not one. */
  public static EnvironmentKind parse(String value) {
    for (EnvironmentKind k : values()) {
      if (k.wire().equals(value)) {
        return k;
      }
    }
    return null;
  }
}
