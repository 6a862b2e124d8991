package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.CatalogException;
import io.gatehouse.core.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a JSON (or YAML) object and collects every problem with its path, so a
 * request or an import file is refused once with all that is wrong in it. Children share the
 * parent's problem list.
 */
public final class Fields {
  private final JsonNode node;
  private final String path;
  private final List<Problem> problems;

  private Fields(JsonNode node, String path, List<Problem> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The fields of {@code node}, whose own path is {@code path} (empty at the top of a body). */
  public static Fields of(JsonNode node, String path) {
    Fields f = new Fields(node, path, new ArrayList<>());
    if (node == null || !node.isObject()) {
      f.problem(path, "invalid-type", "expected an object");
    }
    return f;
  }

  public String at(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public void problem(String field, String rule, String message) {
    problems.add(new Problem(field, rule, (field.isEmpty() ? "" : field + ": ") + message));
  }

  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** Throws {@code error} listing every problem found so far, if there is any. */
  public void check(io.gatehouse.core.ErrorKey error, String what) {
    if (!problems.isEmpty()) {
      throw new CatalogException(
          error,
          what
              + ": "
              + problems.size()
              + (problems.size() == 1 ? " problem: " : " problems; first: ")
              + problems.getFirst().message(),
          problems);
    }
  }

  public JsonNode raw(String name) {
    JsonNode v = node == null ? null : node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  public String text(String name, boolean required) {
    JsonNode v = raw(name);
    if (v == null) {
      if (required) {
        problem(at(name), "missing-field", "missing (expected: a string)");
      }
      return null;
    }
    if (!v.isString() || v.stringValue().isBlank()) {
      problem(at(name), "invalid-type", describe(v) + " (expected: a non-empty string)");
      return null;
    }
    return v.stringValue();
  }

  /** An absolute http(s) URL. */
  public URI url(String name, boolean required) {
    String s = text(name, required);
    if (s == null) {
      return null;
    }
    try {
      URI u = new URI(s);
      if (u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problem(at(name), "invalid-url", "'" + s + "' (expected: an absolute http or https URL)");
    return null;
  }

  /** One of {@code choices} by its spelling. */
  public <E> E choice(String name, boolean required, Map<String, E> choices) {
    String s = text(name, required);
    if (s != null && !choices.containsKey(s)) {
      problem(
          at(name),
          "invalid-value",
          "'"
              + s
              + "' (expected: one of "
              + String.join(", ", new TreeSet<>(choices.keySet()))
              + ")");
      return null;
    }
    return s == null ? null : choices.get(s);
  }

  public List<String> strings(String name) {
    JsonNode v = raw(name);
    List<String> out = new ArrayList<>();
    if (v != null && !v.isArray()) {
      problem(at(name), "invalid-type", describe(v) + " (expected: an array of strings)");
    }
    for (int i = 0; v != null && v.isArray() && i < v.size(); i++) {
      if (v.get(i).isString()) {
        out.add(v.get(i).stringValue());
      } else {
        problem(
            at(name) + "[" + i + "]", "invalid-type", describe(v.get(i)) + " (expected: a string)");
      }
    }
    return out;
  }

  /** The child object's fields, or null if absent (a problem if required). */
  public Fields object(String name, boolean required) {
    JsonNode v = raw(name);
    if (v == null) {
      if (required) {
        problem(at(name), "missing-field", "missing (expected: an object)");
      }
      return null;
    }
    Fields child = new Fields(v, at(name), problems);
    if (!v.isObject()) {
      problem(at(name), "invalid-type", "expected an object");
    }
    return child;
  }

  /** The fields of each object of an array (absent means empty). */
  public List<Fields> objects(String name) {
    JsonNode v = raw(name);
    List<Fields> out = new ArrayList<>();
    if (v != null && !v.isArray()) {
      problem(at(name), "invalid-type", "expected an array");
      return out;
    }
    for (int i = 0; v != null && i < v.size(); i++) {
      Fields item = new Fields(v.get(i), at(name) + "[" + i + "]", problems);
      if (!v.get(i).isObject()) {
        item.problem(item.path, "invalid-type", "expected an object");
      }
      out.add(item);
    }
    return out;
  }

  /** Reports every field not in {@code known}: a typo should not be silently ignored. */
  public void allowOnly(String... known) {
    Set<String> allowed = Set.copyOf(Arrays.asList(known));
    if (node != null && node.isObject()) {
      node.propertyNames().stream()
          .filter(n -> !allowed.contains(n))
          .sorted()
          .forEach(
              n ->
                  problem(
                      at(n),
                      "unknown-field",
                      "unknown field (expected one of: "
                          + String.join(", ", new TreeSet<>(allowed))
                          + ")"));
    }
  }

  public String path() {
    return path;
  }

  /** What a value is, without echoing structured input back (it may hold something sensitive). */
  private static String describe(JsonNode v) {
    if (v.isObject()) {
      return "an object";
    }
    return v.isArray()
        ? "an array"
        : v.isString() ? "an empty string" : v.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
