package io.gatehouse.observe.audit;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The audit log's settings, from the file's top-level {@code audit:}.
 *
 * @param retention how long records are kept (default 30 days)
 * @param buffer how many records wait for the writer at most; beyond that they are dropped and
 *     counted (default 10000)
 * @param log whether each record is also a JSON line on the {@code gatehouse.audit} logger
 * @param enabled whether calls are recorded at all (default true)
 */
public record AuditConfig(Duration retention, int buffer, boolean log, boolean enabled) {
  public static final AuditConfig DEFAULT =
      new AuditConfig(Duration.ofDays(30), 10_000, true, true);

  /** Settings of an audit log that records. */
  public AuditConfig(Duration retention, int buffer, boolean log) {
    this(retention, buffer, log, true);
  }

  /** The path of the section in the file. */
  public static final String PATH = "audit";

  /**
   * Reads {@code node} (null or missing: the defaults), adding each problem under {@code audit}.
   */
  public static AuditConfig read(JsonNode node, Problems problems) {
    if (!Fields.object(node, PATH, Set.of("retention", "buffer", "log", "enabled"), problems)) {
      return DEFAULT;
    }
    Duration retention =
        Fields.duration(node.get("retention"), PATH + ".retention", DEFAULT.retention, problems);
    if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
      problems.add(PATH + ".retention", retention + " (expected: at least 1m)");
      retention = DEFAULT.retention;
    }
    int buffer =
        (int)
            Fields.integer(
                node.get("buffer"), PATH + ".buffer", DEFAULT.buffer, 1, 10_000_000, problems);
    boolean log = Fields.bool(node.get("log"), PATH + ".log", true, problems);
    boolean enabled = Fields.bool(node.get("enabled"), PATH + ".enabled", true, problems);
    return new AuditConfig(retention, buffer, log, enabled);
  }
}
