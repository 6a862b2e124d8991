package io.gatehouse.catalog.internal.validation;

import java.util.regex.Pattern;

/**
 * Version strings: a server's and a package's version must name one version, never a range or the
 * floating tag {@code latest} (the registry's {@code reserved-version-string} and {@code
 * version-looks-like-range} rules).
 */
final class VersionRules {
  private static final Pattern RANGE_PREFIX = Pattern.compile("^(\\^|~|>=|<=|>|<|=)");

  private VersionRules() {}

  static void serverVersion(String version, String field, Problems p) {
    if (version == null) {
      return;
    }
    if (version.length() > 255) {
      p.error(field, "invalid-length", version.length() + " characters (expected: 1 to 255)");
      return;
    }
    exact(version, field, p);
  }

  static void packageVersion(String version, String field, Problems p) {
    if (version != null) {
      exact(version, field, p);
    }
  }

  private static void exact(String version, String field, Problems p) {
    String v = version.trim();
    if (v.isEmpty()) {
      p.error(field, "invalid-length", "empty (expected: a specific version such as 1.0.2)");
    } else if (v.equalsIgnoreCase("latest")) {
      p.error(
          field,
          "reserved-version-string",
          "'"
              + version
              + "' (expected: a specific version such as 1.0.2;"
              + " 'latest' is reserved)");
    } else if (looksLikeRange(v)) {
      p.error(
          field,
          "version-looks-like-range",
          "'" + version + "' (expected: a specific version such as 1.0.2," + " not a range)");
    } else if (!v.equals(version) || v.chars().anyMatch(Character::isWhitespace)) {
      p.error(field, "invalid-version", "'" + version + "' (expected: a version without spaces)");
    }
  }

  static boolean looksLikeRange(String v) {
    if (RANGE_PREFIX.matcher(v).find() || v.contains("||") || v.contains(" - ")) {
      return true;
    }
    String core = v.split("[-+]", 2)[0];
    for (String part : core.split("\\.")) {
      if (part.equals("x") || part.equals("X") || part.equals("*")) {
        return true;
      }
    }
    return false;
  }
}
