package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.Tool;
import io.gatehouse.catalog.ToolMatch;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.Viewer;
import io.gatehouse.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code catalog_tools} table: each deployment's latest tool snapshot. */
public final class ToolRows {
  private static final String COLUMNS =
      "t.name, t.title, t.description, t.input_schema, t.annotations";

  private ToolRows() {}

  static Tool map(ResultSet rs) throws SQLException {
    return new Tool(
        rs.getString("name"),
        rs.getString("title"),
        rs.getString("description"),
        Jsons.nullable(rs.getString("input_schema")),
        Jsons.nullable(rs.getString("annotations")));
  }

  public static List<Tool> of(Tx tx, String deploymentId) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM catalog_tools t WHERE t.deployment_id = ? ORDER BY t.name",
        ToolRows::map,
        deploymentId);
  }

  /** Replaces a deployment's snapshot with {@code tools}. */
  public static void replace(Tx tx, String deploymentId, List<Tool> tools) throws SQLException {
    tx.update("DELETE FROM catalog_tools WHERE deployment_id = ?", deploymentId);
    List<Object[]> rows = new ArrayList<>();
    for (Tool t : tools) {
      String search =
          (t.name() + "\n" + nz(t.title()) + "\n" + nz(t.description())).toLowerCase(Locale.ROOT);
      rows.add(
          new Object[] {
            deploymentId,
            t.name(),
            t.title(),
            t.description(),
            Jsons.write(t.inputSchema()),
            Jsons.write(t.annotations()),
            search
          });
    }
    tx.batch(
        "INSERT INTO catalog_tools (deployment_id, name, title, description, input_schema, annotations, search_text)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows);
  }

  /**
   * Tools whose name, title or description contains {@code text}, across the catalog, by tool name.
   */
  public static List<ToolMatch> search(Tx tx, String text, int limit, Viewer viewer)
      throws SQLException {
    String like = "%" + VersionPages.likeEscape(text.toLowerCase(Locale.ROOT)) + "%";
    List<Object> args = new java.util.ArrayList<>();
    args.add(like);
    String visible = Visibility.clause("v", viewer, args);
    args.add(limit);
    return tx.list(
        "SELECT "
            + COLUMNS
            + ", d.id, d.server_name, d.version, d.environment, d.route"
            + " FROM catalog_tools t JOIN catalog_deployments d ON d.id = t.deployment_id"
            + " JOIN catalog_versions v ON v.server_name = d.server_name AND v.version = d.version"
            + " WHERE t.search_text LIKE ? ESCAPE '!' AND v.status <> 'deleted'"
            + visible
            + " ORDER BY t.name, d.server_name, d.version, d.environment LIMIT ?",
        rs ->
            new ToolMatch(
                map(rs),
                rs.getString("id"),
                new VersionRef(rs.getString("server_name"), rs.getString("version")),
                rs.getString("environment"),
                rs.getString("route")),
        args.toArray());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
