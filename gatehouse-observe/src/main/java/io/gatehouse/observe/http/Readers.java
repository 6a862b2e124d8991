package io.gatehouse.observe.http;

import io.gatehouse.core.Errors;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Operator;
import io.gatehouse.core.Role;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may read the audit log and usage: the admin token everything; a principal the records of the
 * callers of the projects it owns (a project's owners answer for its consumers' use).
 */
final class Readers {
  private Readers() {}

  /**
   * The projects whose records {@code op} may read, or null for all.
   *
   * @throws GatehouseException {@code FORBIDDEN} when {@code op} owns no project
   */
  static Set<String> projects(Operator op, String doing) {
    if (op.breakGlass()) {
      return null;
    }
    Set<String> owned =
        op.projects().stream()
            .filter(p -> op.may(p, Role.OWNER))
            .collect(Collectors.toUnmodifiableSet());
    if (owned.isEmpty()) {
      throw new GatehouseException(
          Errors.FORBIDDEN,
          "'"
              + op.id()
              + "' may not "
              + doing
              + ": that needs the admin token, or the owner role in a project (for the records of"
              + " that project's callers)");
    }
    return owned;
  }
}
