package io.gatehouse.identity.internal;

import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.identity.ApiKey;
import io.gatehouse.identity.Consumer;
import io.gatehouse.identity.Member;
import io.gatehouse.identity.Project;
import io.gatehouse.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of projects, members, consumers and keys; every write that matters bumps the revision.
 */
public final class IdentityRows {
  private IdentityRows() {}

  public static void insertProject(Tx tx, Project p) throws SQLException {
    tx.update(
        "INSERT INTO identity_projects (name, description, created_at) VALUES (?, ?, ?)",
        p.name(),
        p.description(),
        p.createdAt().toEpochMilli());
  }

  public static List<Project> projects(Tx tx) throws SQLException {
    return tx.list(
        "SELECT name, description, created_at FROM identity_projects ORDER BY name",
        IdentityRows::project);
  }

  public static Optional<Project> project(Tx tx, String name) throws SQLException {
    return tx.first(
        "SELECT name, description, created_at FROM identity_projects WHERE name = ?",
        IdentityRows::project,
        name);
  }

  private static Project project(ResultSet rs) throws SQLException {
    return new Project(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
  }

  /** Adds a member or changes an existing member's role. */
  public static void putMember(Tx tx, Member m) throws SQLException {
    int changed =
        tx.update(
            "UPDATE identity_members SET role = ? WHERE project = ? AND subject = ?",
            m.role().wireName(),
            m.project(),
            m.subject());
    if (changed == 0) {
      tx.update(
          "INSERT INTO identity_members (project, subject, role, created_at) VALUES (?, ?, ?, ?)",
          m.project(),
          m.subject(),
          m.role().wireName(),
          m.createdAt().toEpochMilli());
    }
  }

  private static Member member(java.sql.ResultSet rs) throws SQLException {
    return new Member(
        rs.getString(1),
        rs.getString(2),
        Role.fromWire(rs.getString(3)),
        Instant.ofEpochMilli(rs.getLong(4)));
  }

  public static List<Member> members(Tx tx, String project) throws SQLException {
    return tx.list(
        "SELECT project, subject, role, created_at FROM identity_members WHERE project = ?"
            + " ORDER BY subject",
        IdentityRows::member,
        project);
  }

  /** The memberships of any of {@code subjects}, across projects. */
  public static List<Member> memberships(Tx tx, List<String> subjects) throws SQLException {
    if (subjects.isEmpty()) {
      return List.of();
    }
    return tx.list(
        "SELECT project, subject, role, created_at FROM identity_members WHERE subject IN ("
            + String.join(", ", java.util.Collections.nCopies(subjects.size(), "?"))
            + ")",
        IdentityRows::member,
        subjects.toArray());
  }

  public static boolean deleteMember(Tx tx, String project, String subject) throws SQLException {
    return tx.update(
            "DELETE FROM identity_members WHERE project = ? AND subject = ?", project, subject)
        > 0;
  }

  public static void insertConsumer(Tx tx, Consumer c) throws SQLException {
    tx.update(
        "INSERT INTO identity_consumers (name, kind, project, groups, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        c.name(),
        c.kind().wireName(),
        c.project(),
        Lists.join(c.groups()),
        c.createdAt().toEpochMilli());
    bump(tx);
  }

  public static List<Consumer> consumers(Tx tx) throws SQLException {
    return tx.list(
        "SELECT name, kind, project, groups, created_at FROM identity_consumers ORDER BY name",
        IdentityRows::consumer);
  }

  public static Optional<Consumer> consumer(Tx tx, String name) throws SQLException {
    return tx.first(
        "SELECT name, kind, project, groups, created_at FROM identity_consumers WHERE name = ?",
        IdentityRows::consumer,
        name);
  }

  private static Consumer consumer(ResultSet rs) throws SQLException {
    return new Consumer(
        rs.getString(1),
        Principal.Kind.fromWire(rs.getString(2)),
        rs.getString(3),
        Lists.split(rs.getString(4)),
        Instant.ofEpochMilli(rs.getLong(5)));
  }

  /** Deletes a consumer and its keys (which stop working with the next snapshot). */
  public static boolean deleteConsumer(Tx tx, String name) throws SQLException {
    tx.update("DELETE FROM identity_api_keys WHERE consumer = ?", name);
    boolean deleted = tx.update("DELETE FROM identity_consumers WHERE name = ?", name) > 0;
    bump(tx);
    return deleted;
  }

  public static void insertKey(Tx tx, ApiKey k, String hash) throws SQLException {
    tx.update(
        "INSERT INTO identity_api_keys"
            + " (id, consumer, prefix, hash, routes, expires_at, created_at, revoked_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        k.id(),
        k.consumer(),
        k.prefix(),
        hash,
        Lists.join(k.routes()),
        k.expiresAt() == null ? null : k.expiresAt().toEpochMilli(),
        k.createdAt().toEpochMilli());
    bump(tx);
  }

  private static final String KEY_COLUMNS =
      "id, consumer, prefix, routes, expires_at, created_at, revoked_at";

  public static List<ApiKey> keys(Tx tx, String consumer) throws SQLException {
    return tx.list(
        "SELECT " + KEY_COLUMNS + " FROM identity_api_keys WHERE consumer = ? ORDER BY created_at",
        IdentityRows::key,
        consumer);
  }

  public static Optional<ApiKey> key(Tx tx, String consumer, String id) throws SQLException {
    return tx.first(
        "SELECT " + KEY_COLUMNS + " FROM identity_api_keys WHERE consumer = ? AND id = ?",
        IdentityRows::key,
        consumer,
        id);
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    return new ApiKey(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Lists.split(rs.getString(4)),
        instant(rs, 5),
        Instant.ofEpochMilli(rs.getLong(6)),
        instant(rs, 7));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  /** Revokes a live key now; false when it was already revoked. */
  public static boolean revokeKey(Tx tx, String id, Instant now) throws SQLException {
    boolean changed =
        tx.update(
                "UPDATE identity_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                now.toEpochMilli(),
                id)
            > 0;
    if (changed) {
      bump(tx);
    }
    return changed;
  }

  /** Shortens a live key's life to {@code until} (rotation with overlap). */
  public static void expireKey(Tx tx, String id, Instant until) throws SQLException {
    tx.update(
        "UPDATE identity_api_keys SET expires_at = ? WHERE id = ? AND revoked_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > ?)",
        until.toEpochMilli(),
        id,
        until.toEpochMilli());
    bump(tx);
  }

  /** One live key as the gateway checks it: its hash, scope, expiry and its consumer. */
  record LiveKey(String hash, List<String> routes, Long expiresAt, Consumer consumer) {}

  static List<LiveKey> liveKeys(Tx tx) throws SQLException {
    return tx.list(
        "SELECT k.hash, k.routes, k.expires_at, c.name, c.kind, c.project, c.groups, c.created_at"
            + " FROM identity_api_keys k JOIN identity_consumers c ON c.name = k.consumer"
            + " WHERE k.revoked_at IS NULL",
        rs -> {
          long exp = rs.getLong(3);
          Long expires = rs.wasNull() ? null : exp;
          Consumer c =
              new Consumer(
                  rs.getString(4),
                  Principal.Kind.fromWire(rs.getString(5)),
                  rs.getString(6),
                  Lists.split(rs.getString(7)),
                  Instant.ofEpochMilli(rs.getLong(8)));
          return new LiveKey(rs.getString(1), Lists.split(rs.getString(2)), expires, c);
        });
  }

  static void bump(Tx tx) throws SQLException {
    tx.update("UPDATE identity_revision SET revision = revision + 1 WHERE id = 1");
  }

  static long revision(Tx tx) throws SQLException {
    return tx.first("SELECT revision FROM identity_revision WHERE id = 1", rs -> rs.getLong(1))
        .orElse(0L);
  }
}
