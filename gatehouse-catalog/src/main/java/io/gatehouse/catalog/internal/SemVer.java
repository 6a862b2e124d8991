package io.gatehouse.catalog.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, compared by precedence: major, minor, patch, then a release
 * ranks above its pre-releases, whose dot-separated identifiers compare numerically or by ASCII;
 * build metadata is ignored.
 */
record SemVer(String major, String minor, String patch, List<String> preRelease)
    implements Comparable<SemVer> {
  private static final String NUMBER = "0|[1-9]\\d*";
  private static final String PRE_ID = "(?:" + NUMBER + "|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
  private static final Pattern SEMVER =
      Pattern.compile(
          "^("
              + NUMBER
              + ")\\.("
              + NUMBER
              + ")\\.("
              + NUMBER
              + ")"
              + "(?:-("
              + PRE_ID
              + "(?:\\."
              + PRE_ID
              + ")*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$");

  /** The version, or null if it is not semantic. */
  static SemVer parse(String version) {
    Matcher m = SEMVER.matcher(version);
    if (!m.matches()) {
      return null;
    }
    List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
    return new SemVer(m.group(1), m.group(2), m.group(3), pre);
  }

  @Override
  public int compareTo(SemVer o) {
    int c = numeric(major, o.major);
    c = c != 0 ? c : numeric(minor, o.minor);
    c = c != 0 ? c : numeric(patch, o.patch);
    return c != 0 ? c : comparePreRelease(preRelease, o.preRelease);
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = identifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int identifier(String a, String b) {
    boolean an = a.chars().allMatch(Character::isDigit);
    boolean bn = b.chars().allMatch(Character::isDigit);
    if (an && bn) {
      return numeric(a, b);
    }
    return an != bn ? (an ? -1 : 1) : a.compareTo(b);
  }

  /** Compares unsigned decimal strings without leading zeros, of any length. */
  private static int numeric(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }
}
