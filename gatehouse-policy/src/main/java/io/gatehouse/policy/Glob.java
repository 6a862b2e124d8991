package io.gatehouse.policy;

/**
 * A name pattern of a tool rule: {@code *} stands for any run of characters (none too), {@code ?}
 * for one; everything else matches itself, case-sensitively, as MCP names are.
 */
public record Glob(String pattern) {
  public Glob {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException(
          "an empty pattern (expected: a name or a glob like get-*)");
    }
  }

  public boolean matches(String name) {
    return matches(pattern, 0, name, 0);
  }

  private static boolean matches(String p, int pi, String s, int si) {
    // Iterative with one backtrack point: the last '*' seen.
    int star = -1;
    int mark = 0;
    while (si < s.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
        pi++;
        si++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = si;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
