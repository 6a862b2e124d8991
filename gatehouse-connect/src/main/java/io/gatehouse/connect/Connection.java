package io.gatehouse.connect;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.UpstreamTransport;
import java.net.URI;
import java.time.Instant;

/**
 * One connection of a project.
 *
 * @param url the upstream's MCP endpoint (or its event-stream URL for {@code sse})
 * @param transport how to speak to it; {@code auto} detects it
 */
public record Connection(
    String project,
    String name,
    URI url,
    UpstreamTransport transport,
    ConnectionAuth auth,
    Instant createdAt,
    Instant updatedAt) {
  public Connection {
    requireNonNull(project, "project");
    requireNonNull(name, "name");
    requireNonNull(url, "url");
    requireNonNull(transport, "transport");
    requireNonNull(auth, "auth");
  }
}
