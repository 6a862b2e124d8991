package io.gatehouse.vault.internal;

import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code vault_data_keys} and {@code vault_secrets}. */
public final class VaultRows {
  private VaultRows() {}

  /** A wrapped data key. */
  public record DataKey(String id, String masterKeyId, String wrapped) {}

  /** One stored version of a secret. */
  public record Row(
      String project,
      String name,
      long version,
      String dataKeyId,
      String sealed,
      String fingerprint,
      String mask,
      Instant createdAt) {}

  private static final String ROW =
      "project, name, version, data_key_id, sealed, fingerprint, mask, created_at";

  public static Optional<DataKey> dataKey(Tx tx, String id) throws SQLException {
    return tx.first(
        "SELECT id, master_key_id, wrapped FROM vault_data_keys WHERE id = ?",
        rs -> new DataKey(rs.getString(1), rs.getString(2), rs.getString(3)),
        id);
  }

  public static List<DataKey> dataKeysNotUnder(Tx tx, String masterKeyId) throws SQLException {
    return tx.list(
        "SELECT id, master_key_id, wrapped FROM vault_data_keys WHERE master_key_id <> ? ORDER BY id",
        rs -> new DataKey(rs.getString(1), rs.getString(2), rs.getString(3)),
        masterKeyId);
  }

  public static List<String[]> countsByMasterKey(Tx tx) throws SQLException {
    return tx.list(
        "SELECT master_key_id, COUNT(*) FROM vault_data_keys GROUP BY master_key_id ORDER BY 1",
        rs -> new String[] {rs.getString(1), Long.toString(rs.getLong(2))});
  }

  public static void insertDataKey(Tx tx, DataKey k, Instant now) throws SQLException {
    tx.update(
        "INSERT INTO vault_data_keys (id, master_key_id, wrapped, created_at) VALUES (?, ?, ?, ?)",
        k.id(),
        k.masterKeyId(),
        k.wrapped(),
        now.toEpochMilli());
  }

  /** Re-wraps a data key, if it is still as read (a concurrent re-wrap wins otherwise). */
  public static boolean rewrap(Tx tx, DataKey old, String masterKeyId, String wrapped)
      throws SQLException {
    return tx.update(
            "UPDATE vault_data_keys SET master_key_id = ?, wrapped = ? WHERE id = ? AND wrapped = ?",
            masterKeyId,
            wrapped,
            old.id(),
            old.wrapped())
        == 1;
  }

  public static long nextVersion(Tx tx, String project, String name) throws SQLException {
    return tx.first(
                "SELECT MAX(version) FROM vault_secrets WHERE project = ? AND name = ?",
                rs -> rs.getLong(1),
                project,
                name)
            .orElse(0L)
        + 1;
  }

  public static void insert(Tx tx, Row r) throws SQLException {
    tx.update(
        "INSERT INTO vault_secrets (" + ROW + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        r.project(),
        r.name(),
        r.version(),
        r.dataKeyId(),
        r.sealed(),
        r.fingerprint(),
        r.mask(),
        r.createdAt().toEpochMilli());
  }

  private static Row map(java.sql.ResultSet rs) throws SQLException {
    return new Row(
        rs.getString(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        Instant.ofEpochMilli(rs.getLong(8)));
  }

  public static Optional<Row> latest(Tx tx, String project, String name) throws SQLException {
    return tx.first(
        "SELECT "
            + ROW
            + " FROM vault_secrets WHERE project = ? AND name = ? ORDER BY version DESC LIMIT 1",
        VaultRows::map,
        project,
        name);
  }

  public static Optional<Row> version(Tx tx, String project, String name, long version)
      throws SQLException {
    return tx.first(
        "SELECT " + ROW + " FROM vault_secrets WHERE project = ? AND name = ? AND version = ?",
        VaultRows::map,
        project,
        name,
        version);
  }

  public static List<Row> versions(Tx tx, String project, String name) throws SQLException {
    return tx.list(
        "SELECT " + ROW + " FROM vault_secrets WHERE project = ? AND name = ? ORDER BY version",
        VaultRows::map,
        project,
        name);
  }

  /** The latest version of each secret of the project, by name. */
  public static List<Row> latestOf(Tx tx, String project) throws SQLException {
    return tx.list(
        "SELECT "
            + ROW
            + " FROM vault_secrets s WHERE project = ? AND version ="
            + " (SELECT MAX(version) FROM vault_secrets m WHERE m.project = s.project AND m.name = s.name)"
            + " ORDER BY name",
        VaultRows::map,
        project);
  }

  /** Deletes every version and its data keys; false when there was none. */
  public static boolean delete(Tx tx, String project, String name) throws SQLException {
    List<Row> rows = versions(tx, project, name);
    tx.update("DELETE FROM vault_secrets WHERE project = ? AND name = ?", project, name);
    for (Row r : rows) {
      tx.update("DELETE FROM vault_data_keys WHERE id = ?", r.dataKeyId());
    }
    return !rows.isEmpty();
  }
}
