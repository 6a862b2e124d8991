package io.gatehouse.connect.internal;

import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The SQL of {@code connection_consents}: a consent goes {@code pending} (link issued) → {@code
 * started} (its user signed in; state sent to the authorization server) → {@code used} (the
 * callback came back, once). Each step is one conditional update, so a replayed link or state
 * changes nothing.
 */
public final class ConsentRows {
  private ConsentRows() {}

  public static final String PENDING = "pending";
  public static final String STARTED = "started";
  public static final String USED = "used";

  public record Row(
      String id,
      String project,
      String connection,
      String principal,
      String state,
      String status,
      long createdAt,
      long expiresAt,
      String browser,
      long connectionVersion,
      Server server) {
    public Row(
        String id,
        String project,
        String connection,
        String principal,
        String state,
        String status,
        long createdAt,
        long expiresAt) {
      this(id, project, connection, principal, state, status, createdAt, expiresAt, null, 0, null);
    }
  }

  /**
   * The authorization server a consent was started with, to finish it there: its issuer (null for
   * servers configured by hand), token endpoint, Gatehouse's client id there, the resource asked
   * for (or null), and whether its redirects must carry {@code iss}.
   */
  public record Server(
      String issuer, String tokenUrl, String clientId, String resource, boolean issRequired) {}

  private static final String COLUMNS =
      "id, project, connection, principal, state, status, created_at, expires_at, browser,"
          + " connection_version, issuer, token_url, client_id, resource, iss_required";

  private static Row row(java.sql.ResultSet rs) throws SQLException {
    return new Row(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getLong(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getString(12) == null
            ? null // started before the server was kept, or not started
            : new Server(
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getLong(15) != 0));
  }

  public static void insert(Tx tx, Row r) throws SQLException {
    Server v = r.server();
    tx.update(
        "INSERT INTO connection_consents ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(),
        r.project(),
        r.connection(),
        r.principal(),
        r.state(),
        r.status(),
        r.createdAt(),
        r.expiresAt(),
        r.browser(),
        r.connectionVersion(),
        v == null ? null : v.issuer(),
        v == null ? null : v.tokenUrl(),
        v == null ? null : v.clientId(),
        v == null ? null : v.resource(),
        v == null ? null : (v.issRequired() ? 1L : 0L));
  }

  public static Optional<Row> find(Tx tx, String id) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM connection_consents WHERE id = ?", ConsentRows::row, id);
  }

  public static Optional<Row> byState(Tx tx, String state) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM connection_consents WHERE state = ?", ConsentRows::row, state);
  }

  /** The user's newest pending consent for the connection that is still good at {@code now}. */
  public static Optional<Row> pendingFor(
      Tx tx, String project, String connection, String principal, long now) throws SQLException {
    return tx.first(
        "SELECT "
            + COLUMNS
            + " FROM connection_consents WHERE project = ? AND connection = ? AND principal = ?"
            + " AND status = ? AND expires_at > ? ORDER BY created_at DESC",
        ConsentRows::row,
        project,
        connection,
        principal,
        PENDING,
        now);
  }

  /**
   * Moves a pending consent to started with {@code state}, the hash of the browser's nonce, the
   * connection's version and the authorization server it goes to; false if it was not pending.
   */
  public static boolean start(
      Tx tx,
      String id,
      String state,
      String browser,
      long connectionVersion,
      Server server,
      long now)
      throws SQLException {
    return tx.update(
            "UPDATE connection_consents SET state = ?, status = ?, browser = ?,"
                + " connection_version = ?, issuer = ?, token_url = ?, client_id = ?,"
                + " resource = ?, iss_required = ? WHERE id = ? AND status = ? AND expires_at > ?",
            state,
            STARTED,
            browser,
            connectionVersion,
            server.issuer(),
            server.tokenUrl(),
            server.clientId(),
            server.resource(),
            server.issRequired() ? 1L : 0L,
            id,
            PENDING,
            now)
        == 1;
  }

  /** Uses a started consent's state, once; false for a replayed, unknown or expired state. */
  public static boolean use(Tx tx, String state, long now) throws SQLException {
    return tx.update(
            "UPDATE connection_consents SET status = ? WHERE state = ? AND status = ?"
                + " AND expires_at > ?",
            USED,
            state,
            STARTED,
            now)
        == 1;
  }

  /** Forgets consents that expired before {@code now}, and a deleted connection's. */
  public static void prune(Tx tx, long now) throws SQLException {
    tx.update("DELETE FROM connection_consents WHERE expires_at < ?", now);
  }

  public static void deleteFor(Tx tx, String project, String connection) throws SQLException {
    tx.update(
        "DELETE FROM connection_consents WHERE project = ? AND connection = ?",
        project,
        connection);
  }
}
