package io.gatehouse.agent.approve;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One approval request.
 *
 * @param id its id: {@code mcpr_...} for the agent runtime's, {@code apr_...} for the gateway's
 * @param kind who asked
 * @param owner the principal id ({@code api-key:alice}) of the user it belongs to: the one whose
 *     agent wants to call the tool, or the direct MCP client whose call is held
 * @param project the project it belongs to
 * @param route the route the call goes to, or null
 * @param serverLabel the agent tool's {@code server_label}, or null for the gateway's
 * @param tool the tool's name
 * @param arguments the call's arguments as a JSON string
 * @param createdAt when it was asked for
 * @param expiresAt when it lapses unanswered
 * @param state where it stands
 * @param decidedBy the principal id that answered it, or null
 * @param reason the answer's reason, or null
 * @param replica the replica holding the waiting call (gateway holds), or null
 */
public record Approval(
    String id,
    Kind kind,
    String owner,
    String project,
    String route,
    String serverLabel,
    String tool,
    String arguments,
    Instant createdAt,
    Instant expiresAt,
    State state,
    String decidedBy,
    String reason,
    String replica) {
  public Approval {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(owner, "owner");
    requireNonNull(project, "project");
    requireNonNull(tool, "tool");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(state, "state");
  }

  /** Who asked for an approval. */
  public enum Kind {
    /** The agent runtime: an {@code mcp_approval_request} item. */
    AGENT,
    /** The gateway's approval hold on a direct MCP client's {@code tools/call}. */
    GATEWAY
  }

  /** Where an approval stands. */
  public enum State {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED
  }
}
