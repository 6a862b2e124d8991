package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.StatusChange;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.VersionStatus;
import io.gatehouse.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** The {@code catalog_versions} table: published documents and their lifecycle. */
public final class VersionRows {
  static final String COLUMNS =
      "server_name, version, document, status, status_message, status_changed_at,"
          + " published_at, updated_at, is_latest";

  private VersionRows() {}

  static ServerVersion map(ResultSet rs) throws SQLException {
    return new ServerVersion(
        new VersionRef(rs.getString("server_name"), rs.getString("version")),
        Jsons.object(rs.getString("document")),
        VersionStatus.parse(rs.getString("status")),
        rs.getString("status_message"),
        Micros.instant(rs.getLong("status_changed_at")),
        Micros.instant(rs.getLong("published_at")),
        Micros.instant(rs.getLong("updated_at")),
        rs.getBoolean("is_latest"));
  }

  public static Optional<ServerVersion> find(Tx tx, VersionRef ref) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM catalog_versions WHERE server_name = ? AND version = ?",
        VersionRows::map,
        ref.server(),
        ref.version());
  }

  public static Optional<ServerVersion> latest(Tx tx, String server) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM catalog_versions WHERE server_name = ? AND is_latest = TRUE",
        VersionRows::map,
        server);
  }

  /** Every version of a server, newest publication first. */
  public static List<ServerVersion> ofServer(Tx tx, String server) throws SQLException {
    return tx.list(
        "SELECT "
            + COLUMNS
            + " FROM catalog_versions WHERE server_name = ?"
            + " ORDER BY published_at DESC, version DESC",
        VersionRows::map,
        server);
  }

  public static void insert(
      Tx tx, VersionRef ref, ObjectNode document, Instant publishedAt, Instant now)
      throws SQLException {
    long t = Micros.of(now);
    tx.update(
        "INSERT INTO catalog_versions ("
            + COLUMNS
            + ", search_text) VALUES (?, ?, ?, 'active', NULL, ?, ?, ?, FALSE, ?)",
        ref.server(),
        ref.version(),
        Jsons.write(document),
        t,
        Micros.of(publishedAt),
        t,
        searchText(ref.server(), document));
  }

  /** Every version of every server, by name and then publication (exports). */
  public static List<ServerVersion> all(Tx tx) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM catalog_versions ORDER BY server_name, published_at, version",
        VersionRows::map);
  }

  /** Sets the status of one version; returns whether a row changed. */
  public static boolean setStatus(Tx tx, VersionRef ref, StatusChange change, Instant now)
      throws SQLException {
    long t = Micros.of(now);
    return tx.update(
            "UPDATE catalog_versions SET status = ?, status_message = ?, status_changed_at = ?, updated_at = ?"
                + " WHERE server_name = ? AND version = ?",
            change.status().wire(),
            change.message(),
            t,
            t,
            ref.server(),
            ref.version())
        == 1;
  }

  /** Marks the version that is now updated, so incremental sync ({@code updated_since}) sees it. */
  public static void touch(Tx tx, VersionRef ref, Instant now) throws SQLException {
    tx.update(
        "UPDATE catalog_versions SET updated_at = ? WHERE server_name = ? AND version = ?",
        Micros.of(now),
        ref.server(),
        ref.version());
  }

  /**
   * Recomputes which version of {@code server} is latest; versions whose flag flips count as
   * updated.
   */
  public static void recomputeLatest(Tx tx, String server, Instant now) throws SQLException {
    List<LatestVersion.Candidate> all =
        tx.list(
            "SELECT version, published_at, status FROM catalog_versions WHERE server_name = ?",
            rs ->
                new LatestVersion.Candidate(
                    rs.getString(1),
                    Micros.instant(rs.getLong(2)),
                    "deleted".equals(rs.getString(3))),
            server);
    String latest = LatestVersion.pick(all);
    long t = Micros.of(now);
    tx.update(
        "UPDATE catalog_versions SET is_latest = FALSE, updated_at = ? WHERE server_name = ? AND is_latest = TRUE"
            + " AND version <> ?",
        t,
        server,
        latest);
    tx.update(
        "UPDATE catalog_versions SET is_latest = TRUE, updated_at = ? WHERE server_name = ? AND version = ?"
            + " AND is_latest = FALSE",
        t,
        server,
        latest);
  }

  static String searchText(String name, ObjectNode document) {
    String description = document.path("description").asString("");
    return (name + "\n" + description).toLowerCase(Locale.ROOT);
  }
}
