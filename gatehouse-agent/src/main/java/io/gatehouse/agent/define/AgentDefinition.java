package io.gatehouse.agent.define;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A stored agent.
 *
 * @param project the project it belongs to
 * @param name its name ({@code [a-z0-9][a-z0-9-]{0,62}})
 * @param model the model it runs on
 * @param instructions its instructions, or null
 * @param tools its MCP tools, each in the Responses {@code {"type": "mcp", ...}} shape ({@code
 *     project_connection_id} names a connection of the project), never with credentials
 * @param subagents the names of its subagents (agents of the same project); the main agent reaches
 *     their tools only by delegating to them
 * @param published whether it has its own identity ({@code agent:<project>/<name>}); until then it
 *     speaks as the project ({@code project:<project>})
 */
public record AgentDefinition(
    String project,
    String name,
    String model,
    String instructions,
    List<JsonNode> tools,
    List<String> subagents,
    boolean published) {
  public AgentDefinition {
    requireNonNull(project, "project");
    requireNonNull(name, "name");
    requireNonNull(model, "model");
    tools = List.copyOf(tools);
    subagents = List.copyOf(subagents);
  }

  /** The workload identity its tool calls carry: its own once published, else the project's. */
  public String identity() {
    return published ? "agent:" + project + "/" + name : "project:" + project;
  }
}
