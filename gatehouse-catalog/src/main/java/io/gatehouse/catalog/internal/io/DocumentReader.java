package io.gatehouse.catalog.internal.io;

import io.gatehouse.catalog.AccessRule;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Environment;
import io.gatehouse.catalog.ServerJsonValidator;
import io.gatehouse.catalog.VersionStatus;
import io.gatehouse.catalog.internal.Fields;
import io.gatehouse.catalog.internal.Shapes;
import io.gatehouse.core.Problem;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads catalog-as-code files (YAML, or JSON, which is YAML too) into an {@link ImportPlan}. Every
 * problem in every file is collected, with the file and field it concerns, before anything is
 * written.
 */
final class DocumentReader {
  static final String FORMAT_KEY = "gatehouse-catalog";

  /**
   * SnakeYAML refuses documents over 3 MiB by default; an exported catalog of 10,000 servers is
   * about that size, and export → import must round-trip, so the limit is raised to 256 MiB.
   */
  static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .loadSettings(LoadSettings.builder().setCodePointLimit(256 * 1024 * 1024).build())
              .build());

  private static final Map<String, VersionStatus> STATUSES =
      Map.of(
          "active",
          VersionStatus.ACTIVE,
          "deprecated",
          VersionStatus.DEPRECATED,
          "deleted",
          VersionStatus.DELETED);

  private final List<Problem> problems = new ArrayList<>();
  private final List<ImportPlan.EnvironmentSpec> environments = new ArrayList<>();
  private final List<ImportPlan.VersionSpec> versions = new ArrayList<>();
  private final Set<String> seenVersions = new HashSet<>();

  static ImportPlan read(List<Path> files) {
    DocumentReader r = new DocumentReader();
    files.forEach(r::file);
    if (!r.problems.isEmpty()) {
      throw new CatalogException(
          CatalogErrors.IMPORT_INVALID,
          "catalog import refused, nothing was written: "
              + r.problems.size()
              + (r.problems.size() == 1 ? " problem" : " problems")
              + "; first: "
              + r.problems.getFirst().message(),
          r.problems);
    }
    return new ImportPlan(r.environments, r.versions);
  }

  private void file(Path file) {
    String name = file.toString();
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (JacksonException | IllegalArgumentException e) {
      problems.add(
          new Problem(
              "", "unreadable-file", name + ": not readable YAML or JSON: " + e.getMessage()));
      return;
    }
    Fields f = Fields.of(root, "");
    f.allowOnly(FORMAT_KEY, "environments", "servers");
    if (root != null
        && root.isObject()
        && (!root.path(FORMAT_KEY).isNumber() || root.get(FORMAT_KEY).asInt() != 1)) {
      f.problem(
          FORMAT_KEY,
          "unknown-format",
          "missing or not 1 (expected: 'gatehouse-catalog: 1' at the top of the file)");
    }
    f.objects("environments").forEach(e -> environment(e, name));
    f.objects("servers").forEach(s -> version(s, name));
    f.problems()
        .forEach(p -> problems.add(new Problem(p.field(), p.rule(), name + ": " + p.message())));
  }

  private void environment(Fields e, String file) {
    e.allowOnly("name", "kind", "description");
    String name = e.text("name", true);
    if (name != null && !Environment.NAME.matcher(name).matches()) {
      e.problem(
          e.at("name"),
          "invalid-environment-name",
          "'" + name + "' (expected: " + Environment.NAME.pattern() + ")");
    }
    var kind = e.choice("kind", true, Shapes.KINDS);
    environments.add(
        new ImportPlan.EnvironmentSpec(
            file + ": " + e.path(), name, kind, e.text("description", false)));
  }

  private void version(Fields s, String file) {
    s.allowOnly(
        "server",
        "status",
        "statusMessage",
        "publishedAt",
        "deployments",
        "authSchemes",
        "accessRules");
    JsonNode doc = s.raw("server");
    if (doc == null) {
      s.problem(s.at("server"), "missing-field", "missing (expected: a server.json document)");
      return;
    }
    ServerJsonValidator.validate(doc)
        .errors()
        .forEach(
            p ->
                s.problem(
                    s.at("server") + (p.field().isEmpty() ? "" : "." + p.field()),
                    p.rule(),
                    p.message()));
    if (doc.isObject()
        && doc.path("name").isString()
        && doc.path("version").isString()
        && !seenVersions.add(
            doc.get("name").stringValue() + "@" + doc.get("version").stringValue())) {
      s.problem(
          s.at("server"),
          "duplicate-version",
          doc.get("name").stringValue()
              + " "
              + doc.get("version").stringValue()
              + " appears twice in the files imported");
    }
    VersionStatus status = s.choice("status", false, STATUSES);
    String message = s.text("statusMessage", false);
    Instant publishedAt = instant(s);
    List<ImportPlan.DeploymentSpec> deployments =
        s.objects("deployments").stream().map(d -> deployment(d, file)).toList();
    List<ImportPlan.AuthSchemeSpec> schemes =
        s.objects("authSchemes").stream()
            .map(a -> new ImportPlan.AuthSchemeSpec(file + ": " + a.path(), Shapes.authScheme(a)))
            .toList();
    List<ImportPlan.AccessRuleSpec> rules =
        s.objects("accessRules").stream().map(a -> accessRule(a, file)).toList();
    if (doc.isObject()) {
      versions.add(
          new ImportPlan.VersionSpec(
              file + ": " + s.path(),
              (ObjectNode) doc,
              status,
              message,
              publishedAt,
              deployments,
              schemes,
              rules));
    }
  }

  private static ImportPlan.DeploymentSpec deployment(Fields d, String file) {
    d.allowOnly("environment", "route", "upstream", "project", "connection");
    String env = d.text("environment", true);
    String route = d.text("route", true);
    String project = d.text("project", false);
    String connection = d.text("connection", false);
    Shapes.Upstream up = Shapes.upstream(d.object("upstream", false));
    Shapes.upstreamOrConnection(d);
    return new ImportPlan.DeploymentSpec(
        file + ": " + d.path(),
        env,
        route,
        up == null ? null : up.url(),
        up == null ? null : up.transport(),
        project,
        connection,
        up == null ? null : up.hosted());
  }

  private static ImportPlan.AccessRuleSpec accessRule(Fields a, String file) {
    a.allowOnly("principal", "actions");
    String principal = a.text("principal", true);
    if (principal != null && !AccessRule.PRINCIPAL.matcher(principal).matches()) {
      a.problem(
          a.at("principal"),
          "invalid-principal",
          "'" + principal + "' (expected: user:NAME or group:NAME)");
    }
    return new ImportPlan.AccessRuleSpec(file + ": " + a.path(), principal, Shapes.actions(a));
  }

  private static Instant instant(Fields s) {
    String t = s.text("publishedAt", false);
    try {
      return t == null ? null : Instant.parse(t);
    } catch (DateTimeParseException e) {
      s.problem(
          s.at("publishedAt"),
          "invalid-time",
          "'" + t + "' (expected: an RFC 3339 time such as 2026-01-31T12:00:00Z)");
      return null;
    }
  }
}
