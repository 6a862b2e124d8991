package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** The {@code catalog_access_rules} table. */
public final class AccessRuleRows {
  static final String COLUMNS =
      "id, server_name, version, principal, can_discover, can_use, created_at";

  private AccessRuleRows() {}

  static AccessRule map(ResultSet rs) throws SQLException {
    EnumSet<AccessRule.Action> actions = EnumSet.noneOf(AccessRule.Action.class);
    if (rs.getBoolean("can_discover")) {
      actions.add(AccessRule.Action.DISCOVER);
    }
    if (rs.getBoolean("can_use")) {
      actions.add(AccessRule.Action.USE);
    }
    return new AccessRule(
        rs.getString("id"),
        new VersionRef(rs.getString("server_name"), rs.getString("version")),
        rs.getString("principal"),
        actions,
        Micros.instant(rs.getLong("created_at")));
  }

  public static List<AccessRule> of(Tx tx, VersionRef ref) throws SQLException {
    return tx.list(
        "SELECT "
            + COLUMNS
            + " FROM catalog_access_rules WHERE server_name = ? AND version = ? ORDER BY principal",
        AccessRuleRows::map,
        ref.server(),
        ref.version());
  }

  public static List<AccessRule> all(Tx tx) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM catalog_access_rules ORDER BY server_name, version, principal",
        AccessRuleRows::map);
  }

  public static Optional<AccessRule> find(Tx tx, String id) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM catalog_access_rules WHERE id = ?", AccessRuleRows::map, id);
  }

  public static Optional<AccessRule> find(Tx tx, VersionRef ref, String principal)
      throws SQLException {
    return tx.first(
        "SELECT "
            + COLUMNS
            + " FROM catalog_access_rules WHERE server_name = ? AND version = ? AND principal = ?",
        AccessRuleRows::map,
        ref.server(),
        ref.version(),
        principal);
  }

  public static void insert(Tx tx, AccessRule r) throws SQLException {
    tx.update(
        "INSERT INTO catalog_access_rules (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        r.id(),
        r.version().server(),
        r.version().version(),
        r.principal(),
        r.actions().contains(AccessRule.Action.DISCOVER),
        r.actions().contains(AccessRule.Action.USE),
        Micros.of(r.createdAt()));
  }

  public static void setActions(Tx tx, String id, AccessRule r) throws SQLException {
    tx.update(
        "UPDATE catalog_access_rules SET can_discover = ?, can_use = ? WHERE id = ?",
        r.actions().contains(AccessRule.Action.DISCOVER),
        r.actions().contains(AccessRule.Action.USE),
        id);
  }

  public static boolean delete(Tx tx, String id) throws SQLException {
    return tx.update("DELETE FROM catalog_access_rules WHERE id = ?", id) == 1;
  }
}
