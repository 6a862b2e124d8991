package io.gatehouse.hosting;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The command line of an npm package of a server.json ({@code packages[]} with {@code registryType:
 * npm}, {@code transport: {type: stdio}}): {@code npx -y identifier@version}, its {@code
 * runtimeArguments} before the package and its {@code packageArguments} after it, and its {@code
 * environmentVariables} given their values.
 */
public final class NpmPackage {
  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

  private NpmPackage() {}

  /**
   * How to run {@code pkg}.
   *
   * @param env the deployment's values: for the package's variables (over their {@code value} or
   *     {@code default}) and any others the process should get
   * @param cwd the working directory, or null for a fresh one of the route's own
   * @throws IllegalArgumentException naming the field and what was expected, for a package that is
   *     not npm over stdio, or a required argument or variable without a value
   */
  public static StdioServer launch(JsonNode pkg, Map<String, String> env, Path cwd) {
    requireNonNull(pkg, "pkg");
    env = env == null ? Map.of() : env;
    if (!"npm".equals(pkg.path("registryType").asString(""))
        || !"stdio".equals(pkg.path("transport").path("type").asString(""))) {
      throw new IllegalArgumentException(
          "package: registryType '"
              + pkg.path("registryType").asString("")
              + "', transport '"
              + pkg.path("transport").path("type").asString("")
              + "' (expected: registryType npm with transport {type: stdio})");
    }
    String runtime = pkg.path("runtimeHint").asString("npx");
    if (!"npx".equals(runtime)) {
      throw new IllegalArgumentException(
          "package.runtimeHint: '" + runtime + "' (expected: npx, or none)");
    }
    String identifier = text(pkg, "identifier");
    String version = text(pkg, "version");
    List<String> args = new ArrayList<>();
    arguments(pkg.path("runtimeArguments"), "package.runtimeArguments", args);
    if (!args.contains("-y") && !args.contains("--yes")) {
      args.addFirst("-y"); // never wait for a prompt no one can answer
    }
    args.add(identifier + "@" + version);
    arguments(pkg.path("packageArguments"), "package.packageArguments", args);
    return new StdioServer("npx", args, environment(pkg, env), cwd, null, null, 20);
  }

  private static void arguments(JsonNode list, String at, List<String> out) {
    int i = 0;
    for (JsonNode a : list) {
      String where = at + "[" + i++ + "]";
      String value = value(a, where);
      if ("named".equals(a.path("type").asString(""))) {
        out.add(text(a, "name"));
        if (value != null) {
          out.add(value);
        }
      } else if (value != null) {
        out.add(value);
      } else if (a.path("isRequired").asBoolean(false)) {
        throw new IllegalArgumentException(
            where + ": no value (expected: a value or default for a required argument)");
      }
    }
  }

  /** The input's value or default, its {@code {variables}} filled in; null when it has none. */
  private static String value(JsonNode input, String where) {
    JsonNode v = input.hasNonNull("value") ? input.get("value") : input.get("default");
    if (v == null || v.isNull()) {
      return null;
    }
    Matcher m = VARIABLE.matcher(v.asString());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode var = input.path("variables").path(m.group(1));
      String filled = var.isMissingNode() ? null : value(var, where + ".variables." + m.group(1));
      if (filled == null) {
        throw new IllegalArgumentException(
            where
                + ": '{"
                + m.group(1)
                + "}' has no value (expected: a value or default in variables."
                + m.group(1)
                + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(filled));
    }
    return m.appendTail(out).toString();
  }

  private static Map<String, String> environment(JsonNode pkg, Map<String, String> given) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode v : pkg.path("environmentVariables")) {
      String name = text(v, "name");
      String value = given.containsKey(name) ? given.get(name) : value(v, "env." + name);
      if (value != null) {
        out.put(name, value);
      } else if (v.path("isRequired").asBoolean(false)) {
        throw new IllegalArgumentException(
            "env." + name + ": no value (expected: one for the package's required variable)");
      }
    }
    given.forEach(out::putIfAbsent);
    return out;
  }

  private static String text(JsonNode node, String field) {
    String s = node.path(field).asString("");
    if (s.isBlank()) {
      throw new IllegalArgumentException("package." + field + ": missing (expected: a string)");
    }
    return s;
  }
}
