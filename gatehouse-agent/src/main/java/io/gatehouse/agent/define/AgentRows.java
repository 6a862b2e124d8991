package io.gatehouse.agent.define;

import io.gatehouse.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code agents} and {@code agent_revision}. Times are epoch microseconds. */
final class AgentRows {
  private AgentRows() {}

  /** A stored agent; {@code definition} is its JSON (no credential: tools name connections). */
  record Row(
      String project,
      String name,
      String definition,
      boolean published,
      Long publishedAt,
      String managedBy,
      long createdAt,
      long updatedAt) {}

  private static final String COLUMNS =
      "project, name, definition, published, published_at, managed_by, created_at, updated_at";

  private static Row row(ResultSet rs) throws SQLException {
    long publishedAt = rs.getLong(5);
    Long at = rs.wasNull() ? null : publishedAt;
    return new Row(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getBoolean(4),
        at,
        rs.getString(6),
        rs.getLong(7),
        rs.getLong(8));
  }

  static Optional<Row> find(Tx tx, String project, String name) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM agents WHERE project = ? AND name = ?",
        AgentRows::row,
        project,
        name);
  }

  static List<Row> list(Tx tx, String project) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM agents WHERE project = ? ORDER BY name",
        AgentRows::row,
        project);
  }

  static List<Row> all(Tx tx) throws SQLException {
    return tx.list("SELECT " + COLUMNS + " FROM agents ORDER BY project, name", AgentRows::row);
  }

  static void insert(Tx tx, Row r) throws SQLException {
    tx.update(
        "INSERT INTO agents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        r.project(),
        r.name(),
        r.definition(),
        r.published(),
        r.publishedAt(),
        r.managedBy(),
        r.createdAt(),
        r.updatedAt());
    bump(tx);
  }

  /** Replaces the definition and the manager; the publication stays as it is. */
  static int update(
      Tx tx, String project, String name, String definition, String managedBy, long updatedAt)
      throws SQLException {
    int n =
        tx.update(
            "UPDATE agents SET definition = ?, managed_by = ?, updated_at = ? WHERE project = ?"
                + " AND name = ?",
            definition,
            managedBy,
            updatedAt,
            project,
            name);
    bump(tx);
    return n;
  }

  static int publish(Tx tx, String project, String name, boolean published, Long at, long now)
      throws SQLException {
    int n =
        tx.update(
            "UPDATE agents SET published = ?, published_at = ?, updated_at = ? WHERE project = ?"
                + " AND name = ?",
            published,
            at,
            now,
            project,
            name);
    bump(tx);
    return n;
  }

  static int delete(Tx tx, String project, String name) throws SQLException {
    int n = tx.update("DELETE FROM agents WHERE project = ? AND name = ?", project, name);
    bump(tx);
    return n;
  }

  static long revision(Tx tx) throws SQLException {
    return tx.first("SELECT revision FROM agent_revision WHERE id = 1", rs -> rs.getLong(1))
        .orElse(0L);
  }

  private static void bump(Tx tx) throws SQLException {
    tx.update("UPDATE agent_revision SET revision = revision + 1 WHERE id = 1");
  }
}
