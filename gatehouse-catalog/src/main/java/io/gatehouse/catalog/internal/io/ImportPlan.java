package io.gatehouse.catalog.internal.io;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AuthScheme;
import io.gatehouse.catalog.DeploymentTransport;
import io.gatehouse.catalog.EnvironmentKind;
import io.gatehouse.catalog.VersionStatus;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything a set of catalog-as-code files asks for, read and checked but not yet written. Each
 * part keeps {@code where} it came from ({@code catalog.yaml: servers[0].deployments[1]}) for
 * write-time errors.
 */
record ImportPlan(List<EnvironmentSpec> environments, List<VersionSpec> versions) {
  record EnvironmentSpec(String where, String name, EnvironmentKind kind, String description) {}

  record VersionSpec(
      String where,
      ObjectNode document,
      VersionStatus status,
      String statusMessage,
      Instant publishedAt,
      List<DeploymentSpec> deployments,
      List<AuthSchemeSpec> authSchemes,
      List<AccessRuleSpec> accessRules) {}

  record DeploymentSpec(
      String where,
      String environment,
      String route,
      URI url,
      DeploymentTransport transport,
      String project,
      String connection,
      io.gatehouse.catalog.HostedUpstream hosted) {}

  record AuthSchemeSpec(String where, AuthScheme scheme) {}

  record AccessRuleSpec(String where, String principal, Set<AccessRule.Action> actions) {}
}
