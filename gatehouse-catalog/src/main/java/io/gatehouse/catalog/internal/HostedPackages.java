package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.HostedPackage;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.core.Problem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The npm stdio packages of a version's server.json that a deployment of transport {@code stdio}
 * may run: picking one, checking the deployment's env against its {@code environmentVariables}, and
 * storing the deployment's settings.
 */
public final class HostedPackages {
  private static final Pattern SECRET_REF = Pattern.compile("\\$\\{secret:[^}]+}");

  private HostedPackages() {}

  /** What a deployment runs: its package (identifier filled in) and the URI naming it. */
  public record Picked(HostedPackage hosted, URI url) {}

  /**
   * The package of {@code version} that {@code wanted} names (or its only npm stdio package), with
   * the deployment's env checked against it.
   *
   * @throws CatalogException {@code INVALID_REQUEST} listing every problem
   */
  public static Picked pick(ServerVersion version, HostedPackage wanted) {
    List<JsonNode> stdio = new ArrayList<>();
    for (JsonNode p : version.document().path("packages")) {
      if (isNpmStdio(p)) {
        stdio.add(p);
      }
    }
    List<JsonNode> named =
        wanted.identifier() == null
            ? stdio
            : stdio.stream()
                .filter(p -> wanted.identifier().equals(p.path("identifier").asString("")))
                .toList();
    if (named.size() != 1) {
      throw invalid(
          "upstream.package",
          (wanted.identifier() == null ? "" : "'" + wanted.identifier() + "': ")
              + (named.isEmpty() ? "no" : named.size() + "")
              + " npm stdio packages in "
              + version.ref()
              + " (expected: "
              + (stdio.isEmpty()
                  ? "a version whose server.json lists a package with registryType npm and"
                      + " transport {type: stdio}"
                  : "one of " + identifiers(stdio))
              + ")");
    }
    JsonNode pkg = named.getFirst();
    checkEnv(pkg, wanted.env());
    String identifier = pkg.path("identifier").asString();
    return new Picked(
        wanted.withIdentifier(identifier),
        URI.create("stdio:npm:" + identifier + "@" + pkg.path("version").asString("")));
  }

  /** The package a stored deployment runs, or empty when its version no longer lists it. */
  public static Optional<JsonNode> find(ServerVersion version, HostedPackage hosted) {
    for (JsonNode p : version.document().path("packages")) {
      if (isNpmStdio(p) && p.path("identifier").asString("").equals(hosted.identifier())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static boolean isNpmStdio(JsonNode p) {
    return "npm".equals(p.path("registryType").asString(""))
        && "stdio".equals(p.path("transport").path("type").asString(""));
  }

  /**
   * Every required variable without a value of its own needs one from the deployment; a secret one
   * may only be given as a {@code ${secret:NAME}} reference, never a literal stored in the catalog.
   */
  private static void checkEnv(JsonNode pkg, Map<String, String> env) {
    List<Problem> problems = new ArrayList<>();
    for (JsonNode v : pkg.path("environmentVariables")) {
      String name = v.path("name").asString("");
      String given = env.get(name);
      String field = "upstream.env." + name;
      if (given == null
          && v.path("isRequired").asBoolean(false)
          && !v.hasNonNull("value")
          && !v.hasNonNull("default")) {
        problems.add(
            new Problem(
                field,
                "missing-field",
                field
                    + ": missing (expected: a value for the package's required variable"
                    + (v.path("isSecret").asBoolean(false) ? ", as ${secret:NAME}" : "")
                    + ")"));
      } else if (given != null
          && v.path("isSecret").asBoolean(false)
          && !SECRET_REF.matcher(given).matches()) {
        problems.add(
            new Problem(
                field,
                "secret-reference",
                field
                    + ": a literal for a secret variable (expected: ${secret:NAME}, a secret of"
                    + " the deployment's project's vault)"));
      }
    }
    if (!problems.isEmpty()) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST,
          "deployment: " + problems.size() + " problem(s); first: " + problems.getFirst().message(),
          problems);
    }
  }

  /** The settings as stored in {@code catalog_deployments.hosted}. */
  static String write(io.gatehouse.catalog.HostedUpstream h) {
    return h == null ? null : Jsons.write(CatalogJson.hosted(h));
  }

  static io.gatehouse.catalog.HostedUpstream read(String json) {
    if (json == null) {
      return null;
    }
    ObjectNode o = Jsons.object(json);
    if ("openapi".equals(o.path("transport").asString(""))) {
      Shapes.Upstream up = Shapes.upstream(Fields.of(o, "hosted"));
      return up.hosted();
    }
    Map<String, String> env = new java.util.LinkedHashMap<>();
    o.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
    return new HostedPackage(o.path("package").asString(null), env, o.path("cwd").asString(null));
  }

  private static String identifiers(List<JsonNode> packages) {
    return String.join(
        ", ", packages.stream().map(p -> p.path("identifier").asString("")).toList());
  }

  private static CatalogException invalid(String field, String message) {
    return DeploymentWrites.invalid(field, message);
  }
}
