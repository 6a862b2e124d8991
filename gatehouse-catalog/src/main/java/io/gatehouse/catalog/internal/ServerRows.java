package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code catalog_servers} table: one row per name, describing the server as its latest version
 * does.
 */
public final class ServerRows {
  private ServerRows() {}

  /** Creates the server row for a first version, so the version's foreign key holds. */
  public static void ensure(Tx tx, String name, ObjectNode document, Instant now)
      throws SQLException {
    long t = Micros.of(now);
    tx.update(
        "INSERT INTO catalog_servers (name, description, created_at, updated_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (name) DO NOTHING",
        name,
        document.path("description").asString(""),
        t,
        t);
  }

  /** Copies the latest version's descriptive fields onto the server row. */
  public static void describe(Tx tx, ServerVersion latest, Instant now) throws SQLException {
    ObjectNode d = latest.document();
    tx.update(
        "UPDATE catalog_servers SET title = ?, description = ?, website_url = ?, repository_url = ?, icons = ?,"
            + " updated_at = ? WHERE name = ?",
        text(d, "title"),
        d.path("description").asString(""),
        text(d, "websiteUrl"),
        d.path("repository").isObject() ? text(d.get("repository"), "url") : null,
        d.get("icons") == null ? null : Jsons.write(d.get("icons")),
        Micros.of(now),
        latest.name());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isString() ? null : v.stringValue();
  }
}
