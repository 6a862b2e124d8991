package io.gatehouse.hosting.virtual;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the virtual routes of a configuration against its routes: every source names a route that
 * exists and is not virtual (so a virtual server never reaches itself, directly or through another,
 * and there are no cycles), no route is a source twice, and each source's prefix is distinct and
 * none starts another (else one source's names would be routed to the other).
 */
public final class VirtualCheck {
  private VirtualCheck() {}

  /**
   * Every problem, each naming the route, the source and the expectation, ending with its key in
   * parentheses; empty when the virtual routes are fine.
   *
   * @param routes the names of every route of the configuration, virtual ones included
   */
  public static List<String> problems(Collection<VirtualServer> virtuals, Set<String> routes) {
    Set<String> virtualNames = new HashSet<>();
    virtuals.forEach(v -> virtualNames.add(v.route()));
    List<String> out = new ArrayList<>();
    for (VirtualServer v : virtuals) {
      check(v, routes, virtualNames, out);
    }
    return out;
  }

  private static void check(
      VirtualServer v, Set<String> routes, Set<String> virtualNames, List<String> out) {
    String at = "route '" + v.route() + "': upstream.sources";
    if (v.sources().isEmpty()) {
      out.add(
          at + ": empty (expected: at least one {route, prefix})" + key(VirtualErrors.NO_SOURCES));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < v.sources().size(); i++) {
      VirtualSource s = v.sources().get(i);
      String here = at + "[" + i + "]";
      if (virtualNames.contains(s.route())) {
        out.add(
            here
                + ".route: '"
                + s.route()
                + "' is a virtual route (expected: a route with an upstream of its own)"
                + key(VirtualErrors.SOURCE_VIRTUAL));
      } else if (!routes.contains(s.route())) {
        out.add(
            here
                + ".route: '"
                + s.route()
                + "' is not a route of this configuration"
                + key(VirtualErrors.SOURCE_UNKNOWN));
      }
      if (!seen.add(s.route())) {
        out.add(
            here
                + ".route: '"
                + s.route()
                + "' is a source already (expected: each route once)"
                + key(VirtualErrors.SOURCE_DUPLICATE));
      }
      for (int j = 0; j < i; j++) {
        String other = v.sources().get(j).prefix();
        if (s.prefix().startsWith(other) || other.startsWith(s.prefix())) {
          out.add(
              here
                  + ".prefix: '"
                  + s.prefix()
                  + "' clashes with sources["
                  + j
                  + "].prefix '"
                  + other
                  + "' (expected: distinct prefixes, none the start of another)"
                  + key(VirtualErrors.PREFIX_DUPLICATE));
        }
      }
    }
  }

  private static String key(String key) {
    return " (" + key + ")";
  }
}
