package io.gatehouse.core;

import java.util.Map;
import java.util.Set;

/**
 * Who calls an admin API and what their roles let them do there: the admin token (break-glass, the
 * owner of everything), or a principal with a role in some projects. A role reaches the subject
 * itself or, as {@code group:NAME}, every member of a group; the highest one counts.
 *
 * @param principal who authenticated; null for the admin token
 * @param roles the caller's role in each project it is a member of
 */
public record Operator(Principal principal, Map<String, Role> roles) {
  /** The admin token. */
  public static final Operator BREAK_GLASS = new Operator(null, Map.of());

  public Operator {
    roles = Map.copyOf(roles);
  }

  public boolean breakGlass() {
    return principal == null;
  }

  /** Whether the caller holds {@code needed} (or more) in {@code project}. */
  public boolean may(String project, Role needed) {
    if (breakGlass()) {
      return true;
    }
    Role r = roles.get(project);
    return r != null && r.covers(needed);
  }

  /** The projects the caller has a role in; empty for the admin token, which needs none. */
  public Set<String> projects() {
    return roles.keySet();
  }

  /** How the access log and errors name the caller. */
  public String id() {
    return breakGlass() ? "admin-token" : principal.id();
  }

  /**
   * Refuses unless the caller holds {@code needed} in {@code project}.
   *
   * @throws GatehouseException {@link Errors#FORBIDDEN}, naming the role and the project
   */
  public void require(String project, Role needed, String doing) {
    if (!may(project, needed)) {
      throw new GatehouseException(
          Errors.FORBIDDEN,
          "'"
              + id()
              + "' may not "
              + doing
              + ": that needs the "
              + needed.wireName()
              + " role (or higher) in project '"
              + project
              + "'");
    }
  }
}
