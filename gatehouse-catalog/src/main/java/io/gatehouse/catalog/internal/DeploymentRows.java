package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.DeploymentStatus;
import io.gatehouse.catalog.DeploymentTransport;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code catalog_deployments} table. */
public final class DeploymentRows {
  static final String COLUMNS =
      "id, server_name, version, environment, upstream_url, transport, project, route, status,"
          + " error_code, error_message, tools_discovered_at, created_at, updated_at, connection,"
          + " hosted";

  /**
   * What a stdio or openapi deployment stores in {@code transport}, whose CHECK predates both: its
   * {@code hosted} column says what it is.
   */
  private static final String HOSTED_STORED_AS = "auto";

  private DeploymentRows() {}

  static Deployment map(ResultSet rs) throws SQLException {
    io.gatehouse.catalog.HostedUpstream hosted = HostedPackages.read(rs.getString("hosted"));
    return new Deployment(
        rs.getString("id"),
        new VersionRef(rs.getString("server_name"), rs.getString("version")),
        rs.getString("environment"),
        URI.create(rs.getString("upstream_url")),
        hosted instanceof io.gatehouse.catalog.HostedApi
            ? DeploymentTransport.OPENAPI
            : hosted != null
                ? DeploymentTransport.STDIO
                : DeploymentTransport.fromConfig(rs.getString("transport")),
        rs.getString("project"),
        rs.getString("route"),
        DeploymentStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getString("error_code"),
        rs.getString("error_message"),
        Micros.nullable(rs, "tools_discovered_at"),
        Micros.instant(rs.getLong("created_at")),
        Micros.instant(rs.getLong("updated_at")),
        rs.getString("connection"),
        hosted);
  }

  private static String stored(DeploymentTransport t) {
    return t == DeploymentTransport.STDIO || t == DeploymentTransport.OPENAPI
        ? HOSTED_STORED_AS
        : t.configName();
  }

  public static Optional<Deployment> find(Tx tx, String id) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM catalog_deployments WHERE id = ?", DeploymentRows::map, id);
  }

  public static Optional<Deployment> byRoute(Tx tx, String route) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM catalog_deployments WHERE route = ?",
        DeploymentRows::map,
        route);
  }

  public static Optional<Deployment> find(Tx tx, VersionRef ref, String environment)
      throws SQLException {
    return tx.first(
        "SELECT "
            + COLUMNS
            + " FROM catalog_deployments WHERE server_name = ? AND version = ? AND environment = ?",
        DeploymentRows::map,
        ref.server(),
        ref.version(),
        environment);
  }

  /** Deployments, optionally of one server and/or in one environment, in a stable order. */
  public static List<Deployment> list(Tx tx, String server, String environment)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM catalog_deployments WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (server != null) {
      sql.append(" AND server_name = ?");
      args.add(server);
    }
    if (environment != null) {
      sql.append(" AND environment = ?");
      args.add(environment);
    }
    return tx.list(
        sql.append(" ORDER BY server_name, version, environment").toString(),
        DeploymentRows::map,
        args.toArray());
  }

  /** Deployments the gateway should serve: those whose version is not deleted. */
  public static List<Deployment> served(Tx tx) throws SQLException {
    return tx.list(
        "SELECT "
            + prefixed("d")
            + " FROM catalog_deployments d JOIN catalog_versions v"
            + " ON v.server_name = d.server_name AND v.version = d.version WHERE v.status <> 'deleted' ORDER BY d.route",
        DeploymentRows::map);
  }

  public static void insert(Tx tx, Deployment d) throws SQLException {
    tx.update(
        "INSERT INTO catalog_deployments ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        d.id(),
        d.version().server(),
        d.version().version(),
        d.environment(),
        d.upstreamUrl().toString(),
        stored(d.transport()),
        d.project(),
        d.route(),
        d.status().wire(),
        d.errorCode(),
        d.errorMessage(),
        d.toolsDiscoveredAt() == null ? null : Micros.of(d.toolsDiscoveredAt()),
        Micros.of(d.createdAt()),
        Micros.of(d.updatedAt()),
        d.connection(),
        HostedPackages.write(d.hosted()));
  }

  /** Changes where a deployment points; its tools must be discovered again. */
  public static void repoint(
      Tx tx,
      String id,
      URI upstream,
      DeploymentTransport transport,
      String route,
      String project,
      String connection,
      io.gatehouse.catalog.HostedUpstream hosted,
      Instant now)
      throws SQLException {
    tx.update(
        "UPDATE catalog_deployments SET upstream_url = ?, transport = ?, route = ?, project = ?,"
            + " connection = ?, hosted = ?, status = 'pending', error_code = NULL,"
            + " error_message = NULL, updated_at = ? WHERE id = ?",
        upstream.toString(),
        stored(transport),
        route,
        project,
        connection,
        HostedPackages.write(hosted),
        Micros.of(now),
        id);
  }

  public static void status(
      Tx tx, String id, DeploymentStatus status, String code, String message, Instant now)
      throws SQLException {
    tx.update(
        "UPDATE catalog_deployments SET status = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?",
        status.wire(),
        code,
        message,
        Micros.of(now),
        id);
  }

  /** Marks a deployment's tools as just discovered. */
  public static void ready(Tx tx, String id, Instant now) throws SQLException {
    long t = Micros.of(now);
    tx.update(
        "UPDATE catalog_deployments SET status = 'ready', error_code = NULL, error_message = NULL,"
            + " tools_discovered_at = ?, updated_at = ? WHERE id = ?",
        t,
        t,
        id);
  }

  /**
   * Claims a pending deployment for discovery; false if another replica (or call) claimed it first.
   */
  public static boolean claim(Tx tx, String id, Instant now) throws SQLException {
    return tx.update(
            "UPDATE catalog_deployments SET status = 'discovering', updated_at = ? WHERE id = ? AND status = 'pending'",
            Micros.of(now),
            id)
        == 1;
  }

  public static List<String> pending(Tx tx) throws SQLException {
    return tx.list(
        "SELECT id FROM catalog_deployments WHERE status = 'pending' ORDER BY id",
        rs -> rs.getString(1));
  }

  public static boolean delete(Tx tx, String id) throws SQLException {
    tx.update("DELETE FROM catalog_tools WHERE deployment_id = ?", id);
    return tx.update("DELETE FROM catalog_deployments WHERE id = ?", id) == 1;
  }

  static String prefixed(String alias) {
    return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
  }
}
