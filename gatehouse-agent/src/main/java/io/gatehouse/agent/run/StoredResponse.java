package io.gatehouse.agent.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A response as kept: what {@code GET /v1/responses/{id}} answers, its input items, and the state a
 * continuation resumes from. Holds no credential: a request's {@code headers} and {@code
 * authorization} are never part of it.
 *
 * @param owner the principal id of the user it belongs to
 */
public record StoredResponse(
    String id,
    String owner,
    String project,
    Instant createdAt,
    Instant expiresAt,
    ObjectNode body,
    ArrayNode input,
    ObjectNode state) {
  public StoredResponse {
    requireNonNull(id, "id");
    requireNonNull(owner, "owner");
    requireNonNull(project, "project");
    requireNonNull(body, "body");
    requireNonNull(input, "input");
    requireNonNull(state, "state");
  }
}
