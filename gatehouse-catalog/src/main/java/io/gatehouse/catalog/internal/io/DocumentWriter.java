package io.gatehouse.catalog.internal.io;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.AttachedAuthScheme;
import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.Environment;
import io.gatehouse.catalog.NewDeployment;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.VersionStatus;
import io.gatehouse.catalog.internal.AccessRuleRows;
import io.gatehouse.catalog.internal.AuthSchemeRows;
import io.gatehouse.catalog.internal.CatalogJson;
import io.gatehouse.catalog.internal.DeploymentRows;
import io.gatehouse.catalog.internal.EnvironmentRows;
import io.gatehouse.catalog.internal.Jsons;
import io.gatehouse.catalog.internal.VersionRows;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the whole catalog as one catalog-as-code document: environments, then every version (in
 * publication order, with its status and publication time), its deployments, auth schemes and
 * access rules. Importing it into an empty catalog rebuilds the same catalog; discovered tools are
 * left out.
 */
final class DocumentWriter {
  private DocumentWriter() {}

  static ObjectNode export(Tx tx) throws SQLException {
    ObjectNode root = Jsons.MAPPER.createObjectNode().put(DocumentReader.FORMAT_KEY, 1);
    ArrayNode envs = root.putArray("environments");
    for (Environment e : EnvironmentRows.all(tx)) {
      ObjectNode o = envs.addObject().put("name", e.name()).put("kind", e.kind().wire());
      CatalogJson.put(o, "description", e.description());
    }
    Map<VersionRef, List<Deployment>> deployments =
        group(DeploymentRows.list(tx, null, null), Deployment::version);
    Map<VersionRef, List<AttachedAuthScheme>> schemes =
        group(AuthSchemeRows.all(tx), AttachedAuthScheme::version);
    Map<VersionRef, List<AccessRule>> rules = group(AccessRuleRows.all(tx), AccessRule::version);
    ArrayNode servers = root.putArray("servers");
    for (ServerVersion v : VersionRows.all(tx)) {
      ObjectNode s = servers.addObject();
      s.set("server", v.document());
      if (v.status() != VersionStatus.ACTIVE || v.statusMessage() != null) {
        s.put("status", v.status().wire());
        CatalogJson.put(s, "statusMessage", v.statusMessage());
      }
      s.put("publishedAt", v.publishedAt().toString());
      deployments(s, deployments.getOrDefault(v.ref(), List.of()));
      attachments(
          s, schemes.getOrDefault(v.ref(), List.of()), rules.getOrDefault(v.ref(), List.of()));
    }
    return root;
  }

  private static void deployments(ObjectNode s, List<Deployment> ds) {
    if (ds.isEmpty()) {
      return;
    }
    ArrayNode out = s.putArray("deployments");
    for (Deployment d : ds) {
      ObjectNode o = out.addObject().put("environment", d.environment()).put("route", d.route());
      if (!d.project().equals(NewDeployment.DEFAULT_PROJECT)) {
        o.put("project", d.project());
      }
      if (d.connection() != null) {
        o.put("connection", d.connection());
      } else if (d.hosted() != null) {
        o.set("upstream", CatalogJson.hosted(d.hosted()));
      } else {
        o.putObject("upstream")
            .put("url", d.upstreamUrl().toString())
            .put("transport", d.transport().configName());
      }
    }
  }

  private static void attachments(
      ObjectNode s, List<AttachedAuthScheme> schemes, List<AccessRule> rules) {
    if (!schemes.isEmpty()) {
      ArrayNode out = s.putArray("authSchemes");
      schemes.forEach(a -> out.add(CatalogJson.authScheme(a.scheme())));
    }
    if (!rules.isEmpty()) {
      ArrayNode out = s.putArray("accessRules");
      for (AccessRule r : rules) {
        ArrayNode actions = out.addObject().put("principal", r.principal()).putArray("actions");
        r.actions().stream().sorted().forEach(a -> actions.add(a.wire()));
      }
    }
  }

  private static <T> Map<VersionRef, List<T>> group(List<T> rows, Function<T, VersionRef> key) {
    return rows.stream().collect(Collectors.groupingBy(key));
  }
}
