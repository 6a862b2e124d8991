package io.gatehouse.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who reads the catalog, for the access rules' {@code discover} action. A version with no access
 * rule is visible to every viewer; once it has one, only a viewer a {@code discover} rule names
 * sees it, and to anyone else it does not exist.
 *
 * @param everything whether every version is visible (the admin token)
 * @param subject the caller's subject ({@code user:SUBJECT} rules), or null when anonymous
 * @param groups the caller's groups ({@code group:NAME} rules)
 */
public record Viewer(boolean everything, String subject, Set<String> groups) {
  /** The admin token: sees everything. */
  public static final Viewer EVERYTHING = new Viewer(true, null, Set.of());

  /** No credential: sees the versions without access rules. */
  public static final Viewer ANONYMOUS = new Viewer(false, null, Set.of());

  public Viewer {
    groups = Set.copyOf(groups);
  }

  public static Viewer of(String subject, Set<String> groups) {
    return new Viewer(false, subject, groups);
  }

  /** What an admin API caller sees: everything with the admin token, else what rules allow. */
  public static Viewer of(io.gatehouse.core.Operator op) {
    return op.breakGlass() ? EVERYTHING : of(op.principal().subject(), op.principal().groups());
  }

  /** The rule principals that name this viewer: {@code user:SUBJECT} and {@code group:NAME}s. */
  public List<String> principals() {
    List<String> out = new ArrayList<>(groups.size() + 1);
    if (subject != null) {
      out.add("user:" + subject);
    }
    groups.stream().sorted().forEach(g -> out.add("group:" + g));
    return out;
  }

  /** Whether a version with {@code rules} is visible. */
  public boolean sees(List<AccessRule> rules) {
    if (everything || rules.isEmpty()) {
      return true;
    }
    List<String> names = principals();
    return rules.stream()
        .anyMatch(
            r -> r.actions().contains(AccessRule.Action.DISCOVER) && names.contains(r.principal()));
  }
}
