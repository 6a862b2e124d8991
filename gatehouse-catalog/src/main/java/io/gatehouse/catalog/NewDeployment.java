package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * A deployment to create: {@code version} runs in {@code environment} at {@code upstreamUrl}, and
 * the gateway serves it at {@code /mcp/{route}}; it belongs to {@code project} ({@code default}
 * when null).
 */
public record NewDeployment(
    VersionRef version,
    String environment,
    URI upstreamUrl,
    DeploymentTransport transport,
    String route,
    String project) {
  public static final String DEFAULT_PROJECT = "default";

  public NewDeployment {
    requireNonNull(version, "version");
    requireNonNull(environment, "environment");
    requireNonNull(upstreamUrl, "upstreamUrl");
    transport = transport == null ? DeploymentTransport.AUTO : transport;
    requireNonNull(route, "route");
    project = project == null || project.isBlank() ? DEFAULT_PROJECT : project;
  }

  /** A deployment of the default project. */
  public NewDeployment(
      VersionRef version,
      String environment,
      URI upstreamUrl,
      DeploymentTransport transport,
      String route) {
    this(version, environment, upstreamUrl, transport, route, null);
  }
}
