package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A tool found by a catalog-wide search, with the deployment (and so the server and route) that
 * offers it.
 */
public record ToolMatch(
    Tool tool, String deploymentId, VersionRef version, String environment, String route) {
  public ToolMatch {
    requireNonNull(tool, "tool");
    requireNonNull(deploymentId, "deploymentId");
    requireNonNull(version, "version");
    requireNonNull(environment, "environment");
  }
}
