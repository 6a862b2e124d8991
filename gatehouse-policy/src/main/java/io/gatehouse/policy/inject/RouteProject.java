package io.gatehouse.policy.inject;

import io.gatehouse.core.Principal;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.InboundAuth;
import io.gatehouse.policy.UpstreamSecrets;

/**
 * The project a route belongs to, whose vault secrets {@code ${secret:NAME}} names: what the
 * route's own policies were built for (its inbound authentication, or the vault secrets of its
 * upstream headers), else {@code default}.
 */
final class RouteProject {
  private RouteProject() {}

  static String of(RouteDefinition route) {
    for (Phase phase : Phase.ORDER) {
      for (McpPolicy p : route.policies().in(phase)) {
        if (p instanceof InboundAuth a) {
          return a.project();
        }
        if (p instanceof UpstreamSecrets s) {
          return s.project();
        }
      }
    }
    return Principal.DEFAULT_PROJECT;
  }
}
