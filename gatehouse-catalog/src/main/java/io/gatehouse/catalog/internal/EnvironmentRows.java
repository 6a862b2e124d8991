package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.Environment;
import io.gatehouse.catalog.EnvironmentKind;
import io.gatehouse.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code catalog_environments} table. */
public final class EnvironmentRows {
  private static final String COLUMNS = "name, kind, description, created_at, updated_at";

  private EnvironmentRows() {}

  static Environment map(ResultSet rs) throws SQLException {
    return new Environment(
        rs.getString("name"),
        EnvironmentKind.parse(rs.getString("kind")),
        rs.getString("description"),
        Micros.instant(rs.getLong("created_at")),
        Micros.instant(rs.getLong("updated_at")));
  }

  public static Optional<Environment> find(Tx tx, String name) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM catalog_environments WHERE name = ?",
        EnvironmentRows::map,
        name);
  }

  public static List<Environment> all(Tx tx) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM catalog_environments ORDER BY name", EnvironmentRows::map);
  }

  public static void insert(
      Tx tx, String name, EnvironmentKind kind, String description, Instant now)
      throws SQLException {
    long t = Micros.of(now);
    tx.update(
        "INSERT INTO catalog_environments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        name,
        kind.wire(),
        description,
        t,
        t);
  }

  public static boolean update(
      Tx tx, String name, EnvironmentKind kind, String description, Instant now)
      throws SQLException {
    return tx.update(
            "UPDATE catalog_environments SET kind = ?, description = ?, updated_at = ? WHERE name = ?",
            kind.wire(),
            description,
            Micros.of(now),
            name)
        == 1;
  }

  public static boolean delete(Tx tx, String name) throws SQLException {
    return tx.update("DELETE FROM catalog_environments WHERE name = ?", name) == 1;
  }
}
