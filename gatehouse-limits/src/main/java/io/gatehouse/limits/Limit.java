package io.gatehouse.limits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One named limit of a policy set: a token bucket ({@code rate: N/minute}, {@code burst}) or a
 * quota over a fixed UTC window ({@code quota: N/day}), counted per the values {@code per} names,
 * for the requests {@code methods} names.
 *
 * @param amount calls per period (a rate) or per window (a quota)
 * @param period the rate's period; null for a quota
 * @param window the quota's window; null for a rate
 * @param burst the bucket's size (a rate only)
 * @param methods the methods counted; empty means every request and notification
 */
public record Limit(
    String name,
    long amount,
    Duration period,
    QuotaWindow window,
    long burst,
    List<Per> per,
    Set<String> methods) {

  /** What a counter is kept per, besides the route and the limit. */
  public enum Per {
    CONSUMER,
    PROJECT,
    IP,
    TOOL;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Limit {
    requireNonNull(name, "name");
    per = List.copyOf(per);
    methods = Set.copyOf(methods);
    if ((period == null) == (window == null)) {
      throw new IllegalArgumentException("a limit is either a rate or a quota");
    }
  }

  public boolean isQuota() {
    return window != null;
  }

  /** Whether requests of {@code method} count against this limit. */
  public boolean counts(String method) {
    return methods.isEmpty() || methods.contains(method);
  }
}
