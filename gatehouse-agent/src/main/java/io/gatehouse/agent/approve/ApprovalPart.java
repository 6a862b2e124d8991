package io.gatehouse.agent.approve;

import static java.util.Objects.requireNonNull;

import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import io.gatehouse.policy.traffic.TrafficPart;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code approval} section, at route and tool scope: {@code approval: {tools: [globs],
 * approvers: [group:NAME | role:ROLE | user:NAME], timeout: 10m}} adds an approval hold to {@link
 * Phase#APPROVAL}, so a direct MCP client's {@code tools/call} of a named tool waits until an
 * approver answers it through the admin API or the approval page.
 */
public final class ApprovalPart implements TrafficPart {
  private final Supplier<Approvals> store;
  private final Supplier<URI> publicUrl;

  /**
   * @param store the approval store, or null while it is not open (held calls are then refused
   *     {@code STARTING})
   * @param publicUrl the base URL the approval page is reached at
   */
  public ApprovalPart(Supplier<Approvals> store, Supplier<URI> publicUrl) {
    this.store = requireNonNull(store, "store");
    this.publicUrl = requireNonNull(publicUrl, "publicUrl");
  }

  @Override
  public List<String> sections() {
    return List.of(ApprovalSettings.SECTION.name());
  }

  @Override
  public void contribute(
      RouteDefinition route,
      PolicyTree tree,
      Problems problems,
      Map<Phase, List<McpPolicy>> byPhase) {
    Scoped<ApprovalSettings> s = Scoped.read(tree, ApprovalSettings.SECTION, problems);
    if ((!s.route().isOff() || s.toolSpecific()) && problems.isEmpty()) {
      byPhase
          .computeIfAbsent(Phase.APPROVAL, p -> new ArrayList<>())
          .add(new ApprovalHold(s, store, publicUrl));
    }
  }
}
