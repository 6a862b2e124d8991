package io.gatehouse.observe.audit;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Section;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code audit} section of a policy set: {@code arguments: true} records argument values and
 * results (redacted) for the route, or for the tools a {@code tools:} entry names.
 */
public record AuditSection() implements Section<AuditSection.Settings> {
  /** What the section says for a route or a tool. */
  public record Settings(boolean arguments) {
    public static final Settings DEFAULT = new Settings(false);
  }

  @Override
  public String name() {
    return "audit";
  }

  @Override
  public Settings read(JsonNode node, String path, Problems problems) {
    if (!Fields.object(node, path, Set.of("arguments"), problems)) {
      return Settings.DEFAULT;
    }
    return new Settings(Fields.bool(node.get("arguments"), path + ".arguments", false, problems));
  }
}
