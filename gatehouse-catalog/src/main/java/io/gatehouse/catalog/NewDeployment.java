package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * A deployment to create: {@code version} runs in {@code environment}, and the gateway serves it at
 * {@code /mcp/{route}}; it belongs to {@code project} ({@code default} when null). Its upstream is
 * either {@code upstreamUrl} (with {@code transport}) or {@code connection}, the name of a
 * connection of its project whose upstream and credential the route takes; giving both, or neither,
 * is refused when it is written. A deployment of transport {@code stdio} gives {@code hosted}
 * instead of a URL: Gatehouse runs the version's npm package itself.
 */
public record NewDeployment(
    VersionRef version,
    String environment,
    URI upstreamUrl,
    DeploymentTransport transport,
    String route,
    String project,
    String connection,
    HostedUpstream hosted) {
  public static final String DEFAULT_PROJECT = "default";

  public NewDeployment {
    requireNonNull(version, "version");
    requireNonNull(environment, "environment");
    transport = transport == null ? DeploymentTransport.AUTO : transport;
    requireNonNull(route, "route");
    project = project == null || project.isBlank() ? DEFAULT_PROJECT : project;
    if (hosted != null) {
      transport =
          hosted instanceof HostedApi ? DeploymentTransport.OPENAPI : DeploymentTransport.STDIO;
    }
  }

  /** A deployment with its own upstream, or naming a connection. */
  public NewDeployment(
      VersionRef version,
      String environment,
      URI upstreamUrl,
      DeploymentTransport transport,
      String route,
      String project,
      String connection) {
    this(version, environment, upstreamUrl, transport, route, project, connection, null);
  }

  /** A deployment of {@code project} that Gatehouse runs from the version's npm package. */
  public static NewDeployment hosted(
      VersionRef version, String environment, String route, String project, HostedPackage p) {
    return new NewDeployment(
        version,
        environment,
        null,
        DeploymentTransport.STDIO,
        route,
        project,
        null,
        requireNonNull(p, "hosted"));
  }

  /** A deployment with its own upstream. */
  public NewDeployment(
      VersionRef version,
      String environment,
      URI upstreamUrl,
      DeploymentTransport transport,
      String route,
      String project) {
    this(
        version,
        environment,
        requireNonNull(upstreamUrl, "upstreamUrl"),
        transport,
        route,
        project,
        null);
  }

  /** A deployment of the default project with its own upstream. */
  public NewDeployment(
      VersionRef version,
      String environment,
      URI upstreamUrl,
      DeploymentTransport transport,
      String route) {
    this(version, environment, upstreamUrl, transport, route, null);
  }

  /** A deployment of {@code project} whose upstream is its connection {@code connection}. */
  public static NewDeployment viaConnection(
      VersionRef version, String environment, String route, String project, String connection) {
    return new NewDeployment(
        version, environment, null, null, route, project, requireNonNull(connection, "connection"));
  }
}
