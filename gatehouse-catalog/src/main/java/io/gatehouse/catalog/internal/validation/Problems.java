package io.gatehouse.catalog.internal.validation;

import io.gatehouse.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Collects problems while rules walk a document, with the type checks every rule needs. The checks
 * return the node when it has the expected type, and null (after recording a problem) otherwise.
 */
public final class Problems {
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  public List<Problem> errors() {
    return List.copyOf(errors);
  }

  public List<Problem> warnings() {
    return List.copyOf(warnings);
  }

  public void error(String field, String rule, String message) {
    errors.add(new Problem(field, rule, field.isEmpty() ? message : field + ": " + message));
  }

  public void warn(String field, String rule, String message) {
    warnings.add(new Problem(field, rule, field + ": " + message));
  }

  /**
   * The string at {@code field}, or null if absent (recording a problem if required) or not a
   * string.
   */
  String string(JsonNode parent, String name, String field, boolean required) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        error(field, "missing-field", "missing (expected: a string)");
      }
      return null;
    }
    if (!node.isString()) {
      error(field, "invalid-type", describe(node) + " (expected: a string)");
      return null;
    }
    return node.stringValue();
  }

  /** The array at {@code field}, or null if absent or not an array. */
  JsonNode array(JsonNode parent, String name, String field) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      error(field, "invalid-type", describe(node) + " (expected: an array)");
      return null;
    }
    return node;
  }

  /**
   * The object at {@code field}, or null if absent (recording a problem if required) or not an
   * object.
   */
  JsonNode object(JsonNode parent, String name, String field, boolean required) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        error(field, "missing-field", "missing (expected: an object)");
      }
      return null;
    }
    if (!node.isObject()) {
      error(field, "invalid-type", describe(node) + " (expected: an object)");
      return null;
    }
    return node;
  }

  void bool(JsonNode parent, String name, String field) {
    JsonNode node = parent.get(name);
    if (node != null && !node.isNull() && !node.isBoolean()) {
      error(field, "invalid-type", describe(node) + " (expected: true or false)");
    }
  }

  void length(String value, String field, int min, int max) {
    int n = value.codePointCount(0, value.length());
    if (n < min || n > max) {
      error(field, "invalid-length", n + " characters (expected: " + min + " to " + max + ")");
    }
  }

  void oneOf(String value, String field, Set<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      error(
          field,
          "invalid-value",
          "'"
              + value
              + "' (expected: one of "
              + String.join(", ", allowed.stream().sorted().toList())
              + ")");
    }
  }

  static String describe(JsonNode node) {
    if (node.isString()) {
      return "'" + node.stringValue() + "'";
    }
    return node.isContainer() ? (node.isArray() ? "an array" : "an object") : node.toString();
  }
}
