package io.gatehouse.policy.traffic;

import io.gatehouse.store.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy sets made through the admin API, by scope ({@code global} or {@code route:NAME}), with
 * a revision every write bumps so each replica sees a change with one cheap read.
 */
public final class PolicySetStore {
  /** The Flyway location of the policy sets' tables. */
  public static final String MIGRATIONS = "classpath:db/policy";

  public static final String GLOBAL = "global";
  private static final String ROUTE = "route:";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Database db;

  private PolicySetStore(Database db) {
    this.db = db;
  }

  /** Runs the migrations and opens the store's policy sets. */
  public static PolicySetStore open(Database db) {
    db.migrate("policy", MIGRATIONS);
    return new PolicySetStore(db);
  }

  /** The scope of a route's own set. */
  public static String routeScope(String route) {
    return ROUTE + route;
  }

  /** The route a scope names, or null for the global scope. */
  public static String routeOf(String scope) {
    return scope.startsWith(ROUTE) ? scope.substring(ROUTE.length()) : null;
  }

  /** Every stored set by scope. */
  public Map<String, JsonNode> all() {
    List<Map.Entry<String, JsonNode>> rows =
        db.read(
            tx ->
                tx.list(
                    "SELECT scope, document FROM policy_sets ORDER BY scope",
                    rs -> Map.entry(rs.getString(1), JSON.readTree(rs.getString(2)))));
    Map<String, JsonNode> out = new LinkedHashMap<>();
    rows.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  public long revision() {
    return db.read(
        tx ->
            tx.first("SELECT revision FROM policy_revision WHERE id = 1", rs -> rs.getLong(1))
                .orElse(0L));
  }

  /** Stores {@code set} at {@code scope}, replacing what was there. */
  public void put(String scope, JsonNode set, String by, long now) {
    String doc = JSON.writeValueAsString(set);
    db.write(
        tx -> {
          if (tx.update(
                  "UPDATE policy_sets SET document = ?, updated_at = ?, updated_by = ? WHERE scope = ?",
                  doc,
                  now,
                  by,
                  scope)
              == 0) {
            tx.update(
                "INSERT INTO policy_sets (scope, document, updated_at, updated_by)"
                    + " VALUES (?, ?, ?, ?)",
                scope,
                doc,
                now,
                by);
          }
          return tx.update("UPDATE policy_revision SET revision = revision + 1 WHERE id = 1");
        });
  }

  /** Removes the set at {@code scope}; false when there was none. */
  public boolean delete(String scope) {
    return db.write(
        tx -> {
          boolean gone = tx.update("DELETE FROM policy_sets WHERE scope = ?", scope) > 0;
          if (gone) {
            tx.update("UPDATE policy_revision SET revision = revision + 1 WHERE id = 1");
          }
          return gone;
        });
  }
}
