package io.gatehouse.observe.audit;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.policy.traffic.TrafficPart;
import java.util.List;
import java.util.Map;

/**
 * Binds the audit log to every route, in the {@link Phase#AUDIT} phase: a policy that records each
 * exchange once it ends, and, where the {@code audit} section opts into {@code arguments} for the
 * route or some tool, one that also keeps argument values and results.
 */
public final class AuditPart implements TrafficPart {
  private static final AuditSection SECTION = new AuditSection();

  private final AuditLog log;
  private final boolean enabled;

  /**
   * @param enabled false ({@code audit.enabled: false}): the sets are still checked, and nothing is
   *     recorded
   */
  public AuditPart(AuditLog log, boolean enabled) {
    this.log = requireNonNull(log, "log");
    this.enabled = enabled;
  }

  @Override
  public List<String> sections() {
    return List.of(SECTION.name());
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    Scoped<AuditSection.Settings> settings = Scoped.read(tree, SECTION, problems);
    if (!enabled) {
      return;
    }
    boolean anyArguments = settings.route().arguments() || settings.toolSpecific();
    byPhase
        .get(Phase.AUDIT)
        .add(anyArguments ? new ArgumentAuditPolicy(log, settings) : new AuditPolicy(log));
  }
}
