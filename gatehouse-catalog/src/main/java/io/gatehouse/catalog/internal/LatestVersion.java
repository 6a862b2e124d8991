package io.gatehouse.catalog.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which version of a server is the latest, by the official registry's publishing rule replayed in
 * publication order: a new version takes over unless both it and the current latest are semantic
 * versions and it ranks lower (so {@code 1.2.3-1} published after {@code 1.2.3} is not latest, and
 * a non-semantic version always takes over). Deleted versions are skipped while any other exists.
 */
final class LatestVersion {
  /** One version as the rule sees it. */
  record Candidate(String version, Instant publishedAt, boolean deleted) {}

  private LatestVersion() {}

  static String pick(List<Candidate> versions) {
    List<Candidate> live = versions.stream().filter(c -> !c.deleted()).toList();
    List<Candidate> pool = live.isEmpty() ? versions : live;
    Candidate latest = null;
    for (Candidate c :
        pool.stream()
            .sorted(Comparator.comparing(Candidate::publishedAt).thenComparing(Candidate::version))
            .toList()) {
      if (latest == null || takesOver(c.version(), latest.version())) {
        latest = c;
      }
    }
    return latest == null ? null : latest.version();
  }

  private static boolean takesOver(String next, String current) {
    SemVer n = SemVer.parse(next);
    SemVer c = SemVer.parse(current);
    return n == null || c == null || n.compareTo(c) > 0;
  }
}
