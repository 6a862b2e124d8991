package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AttachedAuthScheme;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.Tool;
import java.util.List;
import java.util.Map;

/**
 * What the catalog knows about a version beyond its server.json: where it is deployed (with each
 * deployment's tools), how clients authenticate, and who may use it. The registry API shows it
 * under its own {@code _meta} key.
 */
public record VersionExtras(
    List<Deployment> deployments,
    Map<String, List<Tool>> toolsByDeployment,
    List<AttachedAuthScheme> authSchemes,
    List<AccessRule> accessRules) {
  public static final VersionExtras NONE =
      new VersionExtras(List.of(), Map.of(), List.of(), List.of());

  public VersionExtras {
    deployments = List.copyOf(deployments);
    toolsByDeployment = Map.copyOf(toolsByDeployment);
    authSchemes = List.copyOf(authSchemes);
    accessRules = List.copyOf(accessRules);
  }

  public List<Tool> tools(String deploymentId) {
    return toolsByDeployment.getOrDefault(deploymentId, List.of());
  }
}
