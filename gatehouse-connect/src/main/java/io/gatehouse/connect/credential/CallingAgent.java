package io.gatehouse.connect.credential;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.AttributeKey;

/**
 * The stored agent on whose behalf an MCP exchange runs. The agent runtime sets it on the exchange
 * ({@link #KEY}) before credentials are injected; a workload connection with {@code "identity":
 * "agent"} signs its token for this agent's identity, and refuses an exchange without one (a direct
 * MCP client is no agent).
 *
 * @param project the agent's project
 * @param name the agent's name
 * @param published whether it has its own identity; until then it speaks as its project
 */
public record CallingAgent(String project, String name, boolean published) {
  /** Where the runtime's gateway policy puts the calling agent. */
  public static final AttributeKey<CallingAgent> KEY =
      AttributeKey.of("calling-agent", CallingAgent.class);

  /** A workload connection that speaks as the calling agent was called by something else. */
  public static final ErrorKey AGENT_IDENTITY_REQUIRED =
      ErrorKey.of(
          "AGENT_IDENTITY_REQUIRED",
          403,
          -32001,
          "This connection speaks as the agent that calls it (auth.identity: agent), so only a"
              + " Gatehouse agent of the connection's project may use it: call it through"
              + " /v1/responses with that agent, or give the connection identity project or"
              + " agent:NAME.");

  public CallingAgent {
    requireNonNull(project, "project");
    requireNonNull(name, "name");
  }

  /** The workload identity: {@code agent:<project>/<name>} once published, else the project's. */
  public String identity() {
    return published ? "agent:" + project + "/" + name : "project:" + project;
  }
}
