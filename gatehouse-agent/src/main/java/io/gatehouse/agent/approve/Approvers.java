package io.gatehouse.agent.approve;

import io.gatehouse.core.Operator;
import io.gatehouse.core.Role;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may answer a held call, as the policy names them: {@code group:NAME} (a member of the group),
 * {@code role:owner|contributor|user} (that role or a higher one in the route's project) or {@code
 * user:NAME} (the subject itself). The admin token, the break-glass owner of everything, may answer
 * any.
 */
public final class Approvers {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}");

  private Approvers() {}

  /** What is wrong with {@code approver}, or null when it is well formed. */
  public static String problem(String approver) {
    int colon = approver.indexOf(':');
    String kind = colon < 0 ? "" : approver.substring(0, colon);
    String name = colon < 0 ? "" : approver.substring(colon + 1);
    return switch (kind) {
      case "role" ->
          List.of("owner", "contributor", "user").contains(name)
              ? null
              : "'" + approver + "' (expected: role:owner, role:contributor or role:user)";
      case "group", "user" ->
          NAME.matcher(name).matches()
              ? null
              : "'" + approver + "' (expected: " + kind + ":NAME, a name of letters and digits)";
      default -> "'" + approver + "' (expected: group:NAME, role:ROLE or user:NAME)";
    };
  }

  /** Whether {@code who} is among {@code approvers} for a call in {@code project}. */
  public static boolean includes(List<String> approvers, Operator who, String project) {
    if (who.breakGlass()) {
      return true;
    }
    for (String a : approvers) {
      int colon = a.indexOf(':');
      String name = a.substring(colon + 1);
      boolean match =
          switch (a.substring(0, Math.max(0, colon))) {
            case "group" -> who.principal().groups().contains(name);
            case "user" -> who.principal().subject().equals(name);
            case "role" -> who.may(project, Role.fromWire(name));
            default -> false;
          };
      if (match) {
        return true;
      }
    }
    return false;
  }
}
