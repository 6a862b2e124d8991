package io.gatehouse.agent.approve;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.gateway.McpPolicy;
import io.gatehouse.gateway.Phase;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.gateway.UpstreamDefinition;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.policy.traffic.PolicyTree;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Scoped;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code approval} section: what it accepts, what it refuses, and who it lets answer. */
class ApprovalSectionTest {
  static final RouteDefinition ROUTE =
      RouteDefinition.of(
          "weather",
          UpstreamDefinition.of(
              URI.create("http://127.0.0.1:1/mcp"), UpstreamTransport.STREAMABLE_HTTP));

  static PolicyTree tree(String routeSet) {
    return PolicyTree.of(
        null, "policies", JsonMapper.shared().readTree(routeSet), "routes[0].policies");
  }

  static List<String> problems(String routeSet) {
    Problems p = new Problems();
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    new ApprovalPart(() -> null, () -> null).contribute(ROUTE, tree(routeSet), p, byPhase);
    if (!p.isEmpty()) {
      assertThat(byPhase).as("a set with problems adds nothing").isEmpty();
    }
    return p.list().stream().map(Object::toString).toList();
  }

  @Test
  void a_well_formed_section_adds_a_hold_in_the_approval_phase() {
    Problems p = new Problems();
    Map<Phase, List<McpPolicy>> byPhase = new EnumMap<>(Phase.class);
    new ApprovalPart(() -> null, () -> null)
        .contribute(
            ROUTE,
            tree(
                "{\"approval\":{\"tools\":[\"delete-*\"],\"approvers\":[\"group:ops\",\"role:owner\",\"user:carol\"],\"timeout\":\"5m\"}}"),
            p,
            byPhase);
    assertThat(p.list()).isEmpty();
    assertThat(byPhase.get(Phase.APPROVAL)).hasSize(1);
    assertThat(new ApprovalPart(() -> null, () -> null).sections()).containsExactly("approval");

    Map<Phase, List<McpPolicy>> none = new EnumMap<>(Phase.class);
    new ApprovalPart(() -> null, () -> null).contribute(ROUTE, tree("{}"), p, none);
    assertThat(none).isEmpty();
  }

  @Test
  void every_problem_of_a_section_is_named_with_its_path() {
    assertThat(
            problems(
                "{\"approval\":{\"tools\":[\"\"],\"approvers\":[\"ops\",\"role:admin\",\"group:\"],\"timeout\":\"2d\",\"wait\":1}}"))
        .containsExactlyInAnyOrder(
            "routes[0].policies.approval.wait: unknown field (expected one of: approvers, timeout, tools)",
            "routes[0].policies.approval.tools: an empty tool name (expected: a name or a glob like delete-*)",
            "routes[0].policies.approval.approvers[0]: 'ops' (expected: group:NAME, role:ROLE or user:NAME)",
            "routes[0].policies.approval.approvers[1]: 'role:admin' (expected: role:owner, role:contributor or role:user)",
            "routes[0].policies.approval.approvers[2]: 'group:' (expected: group:NAME, a name of letters and digits)",
            "routes[0].policies.approval.timeout: '2d' (expected: at most 24h)");
    assertThat(problems("{\"approval\":{\"tools\":[\"x\"]}}"))
        .containsExactly(
            "routes[0].policies.approval.approvers: missing (expected: at least one of group:NAME,"
                + " role:owner|contributor|user, user:NAME)");
    assertThat(problems("{\"tools\":{\"wipe-*\":{\"approval\":{\"timeout\":\"soon\"}}}}"))
        .anyMatch(s -> s.startsWith("routes[0].policies.tools['wipe-*'].approval"));
  }

  @Test
  void a_tool_entry_sets_its_own_timeout_and_keeps_the_routes_approvers() {
    Problems p = new Problems();
    Scoped<ApprovalSettings> s =
        Scoped.read(
            tree(
                "{\"approval\":{\"tools\":[\"delete-*\",\"wipe-*\"],\"approvers\":[\"group:ops\"]},"
                    + "\"tools\":{\"wipe-*\":{\"approval\":{\"timeout\":\"1s\"}}}}"),
            ApprovalSettings.SECTION,
            p);
    assertThat(p.list()).isEmpty();
    assertThat(s.forTool("delete-user").timeout()).isEqualTo(ApprovalSettings.DEFAULT_TIMEOUT);
    assertThat(s.forTool("wipe-disk").timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.forTool("wipe-disk").approvers()).containsExactly("group:ops");
    assertThat(s.forTool("get-weather").holds("get-weather")).isFalse();
    assertThat(s.forTool("delete-user").holds("delete-user")).isTrue();
  }

  @Test
  void approvers_are_matched_by_group_role_in_the_project_and_subject() {
    Operator ops = operator("carol", Set.of("ops"), Map.of());
    Operator owner = operator("olga", Set.of(), Map.of("default", Role.OWNER));
    Operator user = operator("ulf", Set.of(), Map.of("default", Role.USER));
    List<String> approvers = List.of("group:ops", "role:contributor", "user:dave");
    assertThat(Approvers.includes(approvers, ops, "default")).isTrue();
    assertThat(Approvers.includes(approvers, owner, "default")).isTrue();
    assertThat(Approvers.includes(approvers, owner, "billing")).isFalse();
    assertThat(Approvers.includes(approvers, user, "default")).isFalse();
    assertThat(Approvers.includes(approvers, operator("dave", Set.of(), Map.of()), "x")).isTrue();
    assertThat(Approvers.includes(approvers, Operator.BREAK_GLASS, "x")).isTrue();
  }

  static Operator operator(String subject, Set<String> groups, Map<String, Role> roles) {
    return new Operator(
        new Principal(subject, Principal.Kind.USER, "default", groups, Set.of(), "api-key"),
        new java.util.HashMap<>(roles));
  }
}
