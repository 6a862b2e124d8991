package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;

/**
 * A version running in an environment: the upstream endpoint the gateway relays to, and the gateway
 * route ({@code /mcp/{route}}) that exposes it. The upstream URL is private: the registry
 * advertises only the route.
 *
 * @param project the project it belongs to: its contributors manage it
 * @param route the gateway route name, or null when the deployment is recorded but not served
 * @param errorCode a stable key for the last discovery failure ({@code UPSTREAM_UNAVAILABLE}), or
 *     null
 * @param errorMessage what failed, or null
 * @param toolsDiscoveredAt when the tools were last stored, or null
 * @param connection the connection of its project whose upstream and credential its route takes, or
 *     null; {@code upstreamUrl} and {@code transport} are then the connection's when it was written
 * @param hosted how Gatehouse provides its upstream, for transport {@code stdio} (its {@code
 *     upstreamUrl} then only names the package, {@code stdio:npm:identifier@version}) or {@code
 *     openapi} (its {@code upstreamUrl} is the API's); else null
 */
public record Deployment(
    String id,
    VersionRef version,
    String environment,
    URI upstreamUrl,
    DeploymentTransport transport,
    String project,
    String route,
    DeploymentStatus status,
    String errorCode,
    String errorMessage,
    Instant toolsDiscoveredAt,
    Instant createdAt,
    Instant updatedAt,
    String connection,
    HostedUpstream hosted) {

  /** A deployment Gatehouse does not run itself. */
  public Deployment(
      String id,
      VersionRef version,
      String environment,
      URI upstreamUrl,
      DeploymentTransport transport,
      String project,
      String route,
      DeploymentStatus status,
      String errorCode,
      String errorMessage,
      Instant toolsDiscoveredAt,
      Instant createdAt,
      Instant updatedAt,
      String connection) {
    this(
        id,
        version,
        environment,
        upstreamUrl,
        transport,
        project,
        route,
        status,
        errorCode,
        errorMessage,
        toolsDiscoveredAt,
        createdAt,
        updatedAt,
        connection,
        null);
  }

  public Deployment {
    requireNonNull(id, "id");
    requireNonNull(version, "version");
    requireNonNull(environment, "environment");
    requireNonNull(upstreamUrl, "upstreamUrl");
    requireNonNull(transport, "transport");
    requireNonNull(project, "project");
    requireNonNull(status, "status");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }
}
