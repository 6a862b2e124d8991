package io.gatehouse.connect.internal;

import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code connections}, {@code connection_checks} and {@code connect_revision}. */
public final class ConnectionRows {
  private ConnectionRows() {}

  /** A stored connection; {@code auth} is its JSON (names of secrets, never values). */
  public record Row(
      String project,
      String name,
      String url,
      String transport,
      String auth,
      long createdAt,
      long updatedAt,
      String options,
      String origin,
      String managedBy) {}

  private static final String COLUMNS =
      "project, name, url, transport, auth, created_at, updated_at, options, origin, managed_by";
  private static final int KEPT_CHECKS = 20;

  private static Row row(java.sql.ResultSet rs) throws SQLException {
    return new Row(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        rs.getLong(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10));
  }

  public static Optional<Row> find(Tx tx, String project, String name) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM connections WHERE project = ? AND name = ?",
        ConnectionRows::row,
        project,
        name);
  }

  public static List<Row> list(Tx tx, String project) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM connections WHERE project = ? ORDER BY name",
        ConnectionRows::row,
        project);
  }

  public static List<Row> all(Tx tx) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM connections ORDER BY project, name", ConnectionRows::row);
  }

  public static void insert(Tx tx, Row r) throws SQLException {
    tx.update(
        "INSERT INTO connections (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.project(),
        r.name(),
        r.url(),
        r.transport(),
        r.auth(),
        r.createdAt(),
        r.updatedAt(),
        r.options(),
        r.origin(),
        r.managedBy());
    bump(tx);
  }

  public static boolean update(Tx tx, Row r) throws SQLException {
    boolean changed =
        tx.update(
                "UPDATE connections SET url = ?, transport = ?, auth = ?, updated_at = ?,"
                    + " options = ?, origin = ?, managed_by = ? WHERE project = ? AND name = ?",
                r.url(),
                r.transport(),
                r.auth(),
                r.updatedAt(),
                r.options(),
                r.origin(),
                r.managedBy(),
                r.project(),
                r.name())
            == 1;
    bump(tx);
    return changed;
  }

  public static boolean delete(Tx tx, String project, String name) throws SQLException {
    tx.update("DELETE FROM connection_checks WHERE project = ? AND name = ?", project, name);
    boolean gone =
        tx.update("DELETE FROM connections WHERE project = ? AND name = ?", project, name) == 1;
    bump(tx);
    return gone;
  }

  public static long revision(Tx tx) throws SQLException {
    return tx.first("SELECT revision FROM connect_revision WHERE id = 1", rs -> rs.getLong(1))
        .orElse(0L);
  }

  private static void bump(Tx tx) throws SQLException {
    tx.update("UPDATE connect_revision SET revision = revision + 1 WHERE id = 1");
  }

  /**
   * Records a check and keeps the newest {@value #KEPT_CHECKS}; nothing when the connection was
   * deleted while it was being validated (a connection made again under that name starts with no
   * history).
   */
  public static void addCheck(Tx tx, String project, String name, long at, String result)
      throws SQLException {
    if (find(tx, project, name).isEmpty()) {
      return;
    }
    tx.update(
        "INSERT INTO connection_checks (project, name, checked_at, result) VALUES (?, ?, ?, ?)",
        project,
        name,
        at,
        result);
    List<Long> times =
        tx.list(
            "SELECT checked_at FROM connection_checks WHERE project = ? AND name = ?"
                + " ORDER BY checked_at DESC",
            rs -> rs.getLong(1),
            project,
            name);
    if (times.size() > KEPT_CHECKS) {
      tx.update(
          "DELETE FROM connection_checks WHERE project = ? AND name = ? AND checked_at <= ?",
          project,
          name,
          times.get(KEPT_CHECKS));
    }
  }

  /** The results of the checks, newest first. */
  public static List<String> checks(Tx tx, String project, String name) throws SQLException {
    return tx.list(
        "SELECT result FROM connection_checks WHERE project = ? AND name = ?"
            + " ORDER BY checked_at DESC",
        rs -> rs.getString(1),
        project,
        name);
  }
}
