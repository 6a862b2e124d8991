package io.gatehouse.agent.define;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored agent as the admin API shows it: its definition and its bookkeeping.
 *
 * @param definition what the runtime reads
 * @param publishedAt when it was published, or null while it is not
 * @param managedBy {@link #BY_API} or {@link #BY_CONFIG}: the configuration file changes only its
 *     own
 */
public record StoredAgent(
    AgentDefinition definition,
    Instant publishedAt,
    String managedBy,
    Instant createdAt,
    Instant updatedAt) {
  public static final String BY_API = "api";
  public static final String BY_CONFIG = "config";

  public StoredAgent {
    requireNonNull(definition, "definition");
    requireNonNull(managedBy, "managedBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }

  public String project() {
    return definition.project();
  }

  public String name() {
    return definition.name();
  }

  /**
   * The agent as JSON: {@code project}, {@code name}, {@code model}, {@code instructions}, {@code
   * tools}, {@code subagents}, {@code published} (with {@code publishedAt}), {@code identity},
   * {@code managedBy}, {@code createdAt}, {@code updatedAt}.
   */
  public ObjectNode json() {
    AgentDefinition d = definition;
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("project", d.project()).put("name", d.name()).put("model", d.model());
    if (d.instructions() != null) {
      n.put("instructions", d.instructions());
    }
    var tools = n.putArray("tools");
    d.tools().forEach(t -> tools.add(t.deepCopy()));
    var subagents = n.putArray("subagents");
    d.subagents().forEach(subagents::add);
    n.put("published", d.published());
    if (publishedAt != null) {
      n.put("publishedAt", publishedAt.toString());
    }
    n.put("identity", d.identity());
    n.put("managedBy", managedBy);
    n.put("createdAt", createdAt.toString());
    n.put("updatedAt", updatedAt.toString());
    return n;
  }
}
