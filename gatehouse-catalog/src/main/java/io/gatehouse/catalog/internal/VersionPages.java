package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Page;
import io.gatehouse.catalog.ServerQuery;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.Viewer;
import io.gatehouse.catalog.internal.validation.DocumentRules;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keyset pages over {@code catalog_versions} in (name, version) order. The cursor is the last row's
 * {@code name:version}, as the official registry's, so a page never repeats or skips a row however
 * many versions are published meanwhile; the primary key (and the latest-only index) serve every
 * page.
 */
public final class VersionPages {
  private VersionPages() {}

  /** One page of the versions {@code viewer} may discover. */
  public static Page<ServerVersion> page(Tx tx, ServerQuery q, Viewer viewer) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + VersionRows.COLUMNS + " FROM catalog_versions WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.latestOnly()) {
      sql.append(" AND is_latest = TRUE");
    } else if (q.version() != null) {
      sql.append(" AND version = ?");
      args.add(q.version());
    }
    if (!q.includeDeleted()) {
      sql.append(" AND status <> 'deleted'");
    }
    if (q.updatedSince() != null) {
      sql.append(" AND updated_at > ?");
      args.add(Micros.of(q.updatedSince()));
    }
    if (q.search() != null) {
      sql.append(" AND search_text LIKE ? ESCAPE '!'");
      args.add("%" + likeEscape(q.search().toLowerCase(Locale.ROOT)) + "%");
    }
    sql.append(Visibility.clause("catalog_versions", viewer, args));
    if (q.cursor() != null) {
      VersionRef after = cursor(q.cursor());
      sql.append(" AND (server_name, version) > (?, ?)");
      args.add(after.server());
      args.add(after.version());
    }
    sql.append(" ORDER BY server_name, version LIMIT ?");
    args.add(q.limit() + 1);
    List<ServerVersion> rows = tx.list(sql.toString(), VersionRows::map, args.toArray());
    if (rows.size() <= q.limit()) {
      return new Page<>(rows, null);
    }
    ServerVersion last = rows.get(q.limit() - 1);
    return new Page<>(rows.subList(0, q.limit()), last.name() + ":" + last.version());
  }

  static VersionRef cursor(String cursor) {
    int colon = cursor.indexOf(':');
    if (colon < 0
        || colon == cursor.length() - 1
        || !DocumentRules.isValidName(cursor.substring(0, colon))) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "cursor: '" + cursor + "' (expected: the metadata.nextCursor of a previous page)");
    }
    return new VersionRef(cursor.substring(0, colon), cursor.substring(colon + 1));
  }

  static String likeEscape(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
