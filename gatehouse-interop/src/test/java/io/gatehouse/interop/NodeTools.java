package io.gatehouse.interop;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Node 22 binary and the npm packages that {@code bash .ci/tools.sh} installs ({@code
 * .tools/node}, {@code gatehouse-interop/node_modules}). When they are missing, a test fails on CI
 * (env {@code CI=true}) and is skipped elsewhere, with the same message saying how to install them.
 */
public record NodeTools(Path repoRoot, Path node, Path nodeModules) {

  /** The conformance suite version the tests and the reference notes are written against. */
  public static final String CONFORMANCE_VERSION = "0.1.16";

  static final String CONFORMANCE_PACKAGE = "@modelcontextprotocol/conformance";

  /** The reference MCP server the SDK interop tests talk to through the gateway. */
  public static final String SERVER_EVERYTHING_VERSION = "2026.8.31";

  static final String SERVER_EVERYTHING_PACKAGE = "@modelcontextprotocol/server-everything";

  /** The TypeScript SDK whose client the interop script drives. */
  public static final String SDK_VERSION = "1.32.2";

  static final String SDK_PACKAGE = "@modelcontextprotocol/sdk";

  /** The OpenID Provider the OAuth interop test runs as the routes' authorization server. */
  public static final String OIDC_PROVIDER_VERSION = "9.13.3";

  static final String OIDC_PROVIDER_PACKAGE = "oidc-provider";

  /** The official OpenAI SDK whose Responses client the agent runtime's interop script drives. */
  public static final String OPENAI_VERSION = "7.60.0";

  static final String OPENAI_PACKAGE = "openai";

  /** Stoplight Prism, the REST server the OpenAPI hosting tests call (a mock of their document). */
  public static final String PRISM_VERSION = "5.16.0";

  static final String PRISM_PACKAGE = "@stoplight/prism-cli";

  /** json-server, the stateful REST server of the OpenAPI hosting tests. */
  public static final String JSON_SERVER_VERSION = "0.17.4";

  static final String JSON_SERVER_PACKAGE = "json-server";
  private static final List<Map.Entry<String, String>> PINNED =
      List.of(
          Map.entry(CONFORMANCE_PACKAGE, CONFORMANCE_VERSION),
          Map.entry(SERVER_EVERYTHING_PACKAGE, SERVER_EVERYTHING_VERSION),
          Map.entry(SDK_PACKAGE, SDK_VERSION),
          Map.entry(OIDC_PROVIDER_PACKAGE, OIDC_PROVIDER_VERSION),
          Map.entry(OPENAI_PACKAGE, OPENAI_VERSION),
          Map.entry(PRISM_PACKAGE, PRISM_VERSION),
          Map.entry(JSON_SERVER_PACKAGE, JSON_SERVER_VERSION));
  static final String SETUP_HINT =
      "run `./mvnw verify` without -Dgatehouse.offline=true, or `bash .ci/tools.sh`, in the"
          + " repository root";
  private static final JsonMapper JSON = JsonMapper.shared();

  public NodeTools {
    requireNonNull(repoRoot, "repoRoot");
    requireNonNull(node, "node");
    requireNonNull(nodeModules, "nodeModules");
  }

  /**
   * The tools of this checkout; fails (CI) or skips (elsewhere) the calling test when they are
   * missing.
   */
  public static NodeTools require() {
    return require(locateRepoRoot(), System.getenv());
  }

  static NodeTools require(Path repoRoot, Map<String, String> environment) {
    NodeTools tools =
        new NodeTools(
            repoRoot,
            repoRoot.resolve(".tools/node"),
            repoRoot.resolve("gatehouse-interop/node_modules"));
    List<String> missing = tools.missing();
    if (!missing.isEmpty()) {
      String message =
          "Node tools for the interop tests are missing ("
              + String.join("; ", missing)
              + "): "
              + SETUP_HINT;
      if ("true".equals(environment.get("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return tools;
  }

  /** The conformance CLI script, from the {@code bin} entry of its package.json. */
  public Path conformanceCli() {
    return binScript(CONFORMANCE_PACKAGE, "conformance");
  }

  /**
   * The conformance CLI of the 2026-07-28 line ({@code conformance-2026}, an npm alias of {@code
   * @modelcontextprotocol/conformance@0.2.0-alpha.12}).
   */
  public Path conformance2026Cli() {
    return nodeModules.resolve("conformance-2026/dist/index.js");
  }

  /** The server-everything CLI script, from the {@code bin} entry of its package.json. */
  public Path serverEverythingCli() {
    return binScript(SERVER_EVERYTHING_PACKAGE, "mcp-server-everything");
  }

  /** The Prism CLI script, from the {@code bin} entry of its package.json. */
  public Path prismCli() {
    return binScript(PRISM_PACKAGE, "prism");
  }

  /** A script of ours under {@code gatehouse-interop/src/test/node}. */
  public Path nodeScript(String name) {
    return repoRoot.resolve("gatehouse-interop/src/test/node").resolve(name);
  }

  /**
   * A directory for run output under {@code gatehouse-interop/target/interop}, so {@code mvn clean}
   * removes it.
   */
  public Path workDir(String name) {
    return repoRoot.resolve("gatehouse-interop/target/interop").resolve(name);
  }

  List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(node)) {
      missing.add("no Node executable at " + node);
    }
    for (Map.Entry<String, String> pinned : PINNED) {
      Path packageJson = packageDir(pinned.getKey()).resolve("package.json");
      if (!Files.isRegularFile(packageJson)) {
        missing.add("no " + pinned.getKey() + " in " + nodeModules);
      } else if (!pinned
          .getValue()
          .equals(packageJson(packageJson.getParent()).path("version").asString())) {
        missing.add(pinned.getKey() + " is not version " + pinned.getValue());
      }
    }
    if (missing.isEmpty() && !Files.isRegularFile(conformanceCli())) {
      missing.add("no conformance CLI at " + conformanceCli());
    }
    return missing;
  }

  private Path packageDir(String packageName) {
    return nodeModules.resolve(packageName);
  }

  private Path binScript(String packageName, String command) {
    Path packageDir = packageDir(packageName);
    JsonNode bin = packageJson(packageDir).path("bin");
    String script = bin.isString() ? bin.asString() : bin.path(command).asString();
    return packageDir.resolve(script).normalize();
  }

  private static JsonNode packageJson(Path packageDir) {
    return JSON.readTree(packageDir.resolve("package.json").toFile());
  }

  /**
   * The surefire property {@code gatehouse.repo.root}; else the nearest ancestor holding {@code
   * .ci/tools.sh}.
   */
  static Path locateRepoRoot() {
    String property = System.getProperty("gatehouse.repo.root");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(".ci/tools.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "gatehouse.repo.root is not set and no ancestor of "
            + Path.of("").toAbsolutePath()
            + " holds .ci/tools.sh: run the tests with ./mvnw");
  }
}
