package io.gatehouse.hosting.virtual;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A virtual route: its name and its sources, in the order their tools are listed.
 *
 * @param route the virtual route's name
 * @param sources at least one
 * @param timeout how long one request to a source may take (the route's request timeout)
 */
public record VirtualServer(String route, List<VirtualSource> sources, Duration timeout) {
  public VirtualServer {
    requireNonNull(route, "route");
    sources = List.copyOf(sources);
    timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
  }

  /**
   * The source whose prefix starts {@code name} (the longest such prefix), or null. A source with
   * the empty prefix takes the names no other prefix starts.
   */
  VirtualSource sourceOf(String name) {
    VirtualSource best = null;
    for (VirtualSource s : sources) {
      if (name.startsWith(s.prefix())
          && (best == null || s.prefix().length() > best.prefix().length())) {
        best = s;
      }
    }
    return best;
  }

  VirtualSource source(String route) {
    for (VirtualSource s : sources) {
      if (s.route().equals(route)) {
        return s;
      }
    }
    return null;
  }
}
