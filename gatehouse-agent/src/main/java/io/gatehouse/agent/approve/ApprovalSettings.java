package io.gatehouse.agent.approve;

import io.gatehouse.policy.Glob;
import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code approval} section: {@code tools} (globs; all of the scope's tools when left out),
 * {@code approvers} (at least one) and {@code timeout} (10m unless set, at most 24h).
 *
 * @param tools the tools whose calls are held; empty when the section is off
 * @param approvers who may answer
 * @param timeout how long a held call waits before it is refused {@code APPROVAL_TIMEOUT}
 */
record ApprovalSettings(List<Glob> tools, List<String> approvers, Duration timeout) {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);
  static final ApprovalSettings OFF = new ApprovalSettings(List.of(), List.of(), DEFAULT_TIMEOUT);

  static final Section<ApprovalSettings> SECTION =
      new Section<>() {
        @Override
        public String name() {
          return "approval";
        }

        @Override
        public ApprovalSettings read(JsonNode node, String path, Problems problems) {
          return ApprovalSettings.read(node, path, problems);
        }
      };

  boolean isOff() {
    return tools.isEmpty();
  }

  /** Whether calls of {@code tool} are held. */
  boolean holds(String tool) {
    for (Glob g : tools) {
      if (g.matches(tool)) {
        return true;
      }
    }
    return false;
  }

  static ApprovalSettings read(JsonNode node, String path, Problems problems) {
    if (!Fields.object(node, path, Set.of("tools", "approvers", "timeout"), problems)) {
      return OFF;
    }
    List<Glob> tools = new ArrayList<>();
    for (String t : Fields.strings(node.get("tools"), path + ".tools", List.of("*"), problems)) {
      if (t.isEmpty()) {
        problems.add(
            path + ".tools", "an empty tool name (expected: a name or a glob like delete-*)");
      } else {
        tools.add(new Glob(t));
      }
    }
    List<String> approvers =
        Fields.strings(node.get("approvers"), path + ".approvers", List.of(), problems);
    if (approvers.isEmpty()) {
      problems.add(
          path + ".approvers",
          "missing (expected: at least one of group:NAME, role:owner|contributor|user, user:NAME)");
    }
    for (int i = 0; i < approvers.size(); i++) {
      String p = Approvers.problem(approvers.get(i));
      if (p != null) {
        problems.add(path + ".approvers[" + i + "]", p);
      }
    }
    Duration timeout =
        Fields.duration(node.get("timeout"), path + ".timeout", DEFAULT_TIMEOUT, problems);
    if (timeout.compareTo(MAX_TIMEOUT) > 0) {
      problems.add(
          path + ".timeout", "'" + node.get("timeout").asString() + "' (expected: at most 24h)");
      timeout = DEFAULT_TIMEOUT;
    }
    return tools.isEmpty() ? OFF : new ApprovalSettings(List.copyOf(tools), approvers, timeout);
  }
}
