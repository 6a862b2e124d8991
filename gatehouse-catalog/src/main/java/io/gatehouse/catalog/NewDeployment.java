package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * A deployment to create: {@code version} runs in {@code environment} at {@code upstreamUrl}, and
 * the gateway serves it at {@code /mcp/{route}}.
 */
public record NewDeployment(
    VersionRef version,
    String environment,
    URI upstreamUrl,
    DeploymentTransport transport,
    String route) {
  public NewDeployment {
    requireNonNull(version, "version");
    requireNonNull(environment, "environment");
    requireNonNull(upstreamUrl, "upstreamUrl");
    transport = transport == null ? DeploymentTransport.AUTO : transport;
    requireNonNull(route, "route");
  }
}
