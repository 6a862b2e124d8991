package io.gatehouse.core;

import java.util.regex.Pattern;

/**
 * The rule for route names, the {@code {route}} of {@code /mcp/{route}}: shared by the
 * configuration file, the catalog's deployments and the gateway's routing table, so all three
 * refuse the same names.
 */
public final class RouteName {
  private static final Pattern RULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private RouteName() {}

  /** Whether {@code name} is a valid route name. */
  public static boolean isValid(String name) {
    return name != null && RULE.matcher(name).matches();
  }

  /** The rule as a regular expression, for error messages. */
  public static String rule() {
    return RULE.pattern();
  }
}
