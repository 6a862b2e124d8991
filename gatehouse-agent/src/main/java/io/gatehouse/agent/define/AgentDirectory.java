package io.gatehouse.agent.define;

import java.util.Optional;

/** Looks up stored agents; the runtime reads it for {@code agent: {name, type}} and subagents. */
public interface AgentDirectory {
  Optional<AgentDefinition> find(String project, String name);
}
