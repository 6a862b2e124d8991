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
 * @param tls TLS beyond the JDK's defaults (a private CA, a client certificate), or null
 * @param allowInsecure whether plain http to a host other than loopback was allowed
 * @param from the catalog deployment it was made from, or null
 * @param managedBy {@code api} or {@code config}: the configuration file changes only its own
 * @param proxy the HTTP proxy its upstream connections go through, or null for none
 * @param toolSchema the tools (MCP {@code Tool} objects) an operator pinned, or null
 * @param metadataUrl where a document {@code {"tools": [...]}} is published, or null
 * @param protocol the MCP era to speak ({@code auto} detects it; null is auto)
 */
public record Connection(
    String project,
    String name,
    URI url,
    UpstreamTransport transport,
    ConnectionAuth auth,
    Instant createdAt,
    Instant updatedAt,
    ConnectionTls tls,
    boolean allowInsecure,
    Origin from,
    String managedBy,
    ConnectionProxy proxy,
    tools.jackson.databind.node.ArrayNode toolSchema,
    URI metadataUrl,
    ProtocolEra protocol) {
  public static final String BY_API = "api";
  public static final String BY_CONFIG = "config";

  public Connection {
    requireNonNull(project, "project");
    requireNonNull(name, "name");
    requireNonNull(url, "url");
    requireNonNull(transport, "transport");
    requireNonNull(auth, "auth");
    requireNonNull(managedBy, "managedBy");
    protocol = protocol == null ? ProtocolEra.AUTO : protocol;
  }

  /** The catalog version and environment whose deployment a connection was made from. */
  public record Origin(String server, String version, String environment, String authScheme) {}
}
