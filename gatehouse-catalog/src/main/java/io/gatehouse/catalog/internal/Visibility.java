package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.Viewer;
import java.util.List;

/**
 * The access rules' {@code discover} action in SQL: a version is listed when it has no rule, or a
 * rule with {@code discover} names the viewer. The unique (server, version, principal) index
 * answers both subqueries, so a page costs the same with or without rules.
 */
public final class Visibility {
  private Visibility() {}

  /**
   * An {@code AND ...} clause over the versions of {@code table} (a table name or alias with {@code
   * server_name} and {@code version}), its arguments appended to {@code args}; empty for a viewer
   * who sees everything.
   */
  public static String clause(String table, Viewer viewer, List<Object> args) {
    if (viewer.everything()) {
      return "";
    }
    String sameVersion =
        "r.server_name = " + table + ".server_name AND r.version = " + table + ".version";
    StringBuilder sql =
        new StringBuilder(" AND (NOT EXISTS (SELECT 1 FROM catalog_access_rules r WHERE ")
            .append(sameVersion)
            .append(')');
    List<String> names = viewer.principals();
    if (!names.isEmpty()) {
      sql.append(" OR EXISTS (SELECT 1 FROM catalog_access_rules r WHERE ")
          .append(sameVersion)
          .append(" AND r.can_discover = TRUE AND r.principal IN (")
          .append(String.join(", ", java.util.Collections.nCopies(names.size(), "?")))
          .append("))");
      args.addAll(names);
    }
    return sql.append(')').toString();
  }
}
