package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AttachedAuthScheme;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.Tool;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads the {@link VersionExtras} of a page of versions with one query per table, not one per
 * version.
 */
public final class ExtrasRows {
  private ExtrasRows() {}

  public static Map<VersionRef, VersionExtras> load(Tx tx, Collection<VersionRef> refs)
      throws SQLException {
    Set<String> servers = new LinkedHashSet<>();
    refs.forEach(r -> servers.add(r.server()));
    if (servers.isEmpty()) {
      return Map.of();
    }
    String in = " IN (" + String.join(", ", servers.stream().map(s -> "?").toList()) + ")";
    Object[] args = servers.toArray();
    List<Deployment> deployments =
        tx.list(
            "SELECT "
                + DeploymentRows.COLUMNS
                + " FROM catalog_deployments WHERE server_name"
                + in
                + " ORDER BY environment, route",
            DeploymentRows::map,
            args);
    Map<String, List<Tool>> tools = new HashMap<>();
    tx.list(
        "SELECT t.deployment_id, t.name, t.title, t.description, t.input_schema, t.annotations FROM catalog_tools t"
            + " JOIN catalog_deployments d ON d.id = t.deployment_id WHERE d.server_name"
            + in
            + " ORDER BY t.name",
        rs ->
            tools
                .computeIfAbsent(rs.getString("deployment_id"), k -> new ArrayList<>())
                .add(ToolRows.map(rs)),
        args);
    List<AttachedAuthScheme> schemes =
        tx.list(
            "SELECT "
                + AuthSchemeRows.COLUMNS
                + " FROM catalog_auth_schemes WHERE server_name"
                + in
                + " ORDER BY name",
            AuthSchemeRows::map,
            args);
    List<AccessRule> rules =
        tx.list(
            "SELECT "
                + AccessRuleRows.COLUMNS
                + " FROM catalog_access_rules WHERE server_name"
                + in
                + " ORDER BY principal",
            AccessRuleRows::map,
            args);
    Map<VersionRef, VersionExtras> out = new HashMap<>();
    for (VersionRef ref : refs) {
      List<Deployment> ds = only(deployments, Deployment::version, ref);
      Map<String, List<Tool>> ts = new HashMap<>();
      ds.forEach(d -> ts.put(d.id(), tools.getOrDefault(d.id(), List.of())));
      out.put(
          ref,
          new VersionExtras(
              ds,
              ts,
              only(schemes, AttachedAuthScheme::version, ref),
              only(rules, AccessRule::version, ref)));
    }
    return out;
  }

  private static <T> List<T> only(List<T> rows, Function<T, VersionRef> ref, VersionRef wanted) {
    return rows.stream().filter(r -> ref.apply(r).equals(wanted)).toList();
  }
}
