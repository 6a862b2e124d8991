package io.gatehouse.limits;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code redis:} settings: where the shared counters live, what to do when Redis cannot be
 * reached, and how long to wait for it.
 *
 * @param url {@code redis://[:password@]host:port/db} or {@code rediss://...}; null: no Redis
 * @param failClosed refuse calls with {@code LIMITS_UNAVAILABLE} while Redis is away ({@code
 *     on-failure: closed}) rather than count them in process ({@code local}, the default)
 * @param timeout how long a count may wait for Redis before it counts as a failure
 */
public record RedisSettings(URI url, boolean failClosed, Duration timeout) {
  public static final RedisSettings NONE = new RedisSettings(null, false, Duration.ofMillis(250));
  private static final Set<String> FIELDS = Set.of("url", "on-failure", "timeout");

  /**
   * Reads {@code node} (the {@code redis:} tree, or null), naming each problem under {@code path}.
   */
  public static RedisSettings read(JsonNode node, String path, Problems problems) {
    if (!Fields.object(node, path, FIELDS, problems)) {
      return NONE;
    }
    String url = Fields.string(node.get("url"), path + ".url", null, problems);
    String onFailure =
        Fields.choice(
            node.get("on-failure"),
            path + ".on-failure",
            "local",
            List.of("local", "closed"),
            problems);
    Duration timeout =
        Fields.duration(node.get("timeout"), path + ".timeout", NONE.timeout(), problems);
    URI uri = null;
    if (url == null) {
      problems.add(path + ".url", "missing (expected: redis://HOST:PORT/DB)");
    } else {
      try {
        uri = URI.create(url.trim());
        if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            path + ".url",
            "'" + redact(url) + "' (expected: redis://HOST:PORT/DB or rediss://...)");
        uri = null;
      }
    }
    return new RedisSettings(uri, "closed".equals(onFailure), timeout);
  }

  /** The URL with any password masked, for messages and logs. */
  public static String redact(String url) {
    // The user info ends at the authority's last '@' (a password may hold '@' or '/').
    int start = url.indexOf("//");
    int at = url.lastIndexOf('@');
    return start < 0 || at < start ? url : url.substring(0, start + 2) + "***" + url.substring(at);
  }

  @Override
  public String toString() {
    return url == null ? "no redis" : redact(url.toString());
  }
}
