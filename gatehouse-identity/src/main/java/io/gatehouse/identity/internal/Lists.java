package io.gatehouse.identity.internal;

import java.util.Arrays;
import java.util.List;

/** The comma-joined lists of the identity tables (their items never contain a comma). */
final class Lists {
  private Lists() {}

  static String join(List<String> items) {
    return String.join(",", items);
  }

  static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }
}
