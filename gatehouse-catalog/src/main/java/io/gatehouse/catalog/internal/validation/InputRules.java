package io.gatehouse.catalog.internal.validation;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Inputs: headers and environment variables (key-value inputs), command-line arguments, variables.
 */
final class InputRules {
  private static final Set<String> FORMATS = Set.of("string", "number", "boolean", "filepath");
  private static final Set<String> ARGUMENT_TYPES = Set.of("positional", "named");

  private InputRules() {}

  /** Headers or environment variables: each needs a name. */
  static void keyValues(JsonNode list, String field, Problems p) {
    for (int i = 0; list != null && i < list.size(); i++) {
      String at = field + "[" + i + "]";
      if (object(list.get(i), at, p)) {
        p.string(list.get(i), "name", at + ".name", true);
        withVariables(list.get(i), at, p);
      }
    }
  }

  static void arguments(JsonNode list, String field, Problems p) {
    for (int i = 0; list != null && i < list.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode arg = list.get(i);
      if (!object(arg, at, p)) {
        continue;
      }
      String type = p.string(arg, "type", at + ".type", true);
      p.oneOf(type, at + ".type", ARGUMENT_TYPES);
      p.bool(arg, "isRepeated", at + ".isRepeated");
      p.string(arg, "valueHint", at + ".valueHint", false);
      withVariables(arg, at, p);
      if ("positional".equals(type) && !arg.hasNonNull("valueHint") && !arg.hasNonNull("value")) {
        p.error(
            at,
            "positional-argument-missing-value",
            "a positional argument needs valueHint or value");
      } else if ("named".equals(type)) {
        named(arg, at, p);
      }
    }
  }

  private static void named(JsonNode arg, String at, Problems p) {
    String name = p.string(arg, "name", at + ".name", true);
    if (name != null
        && (name.isBlank()
            || name.chars()
                .anyMatch(c -> Character.isWhitespace(c) || c == '<' || c == '>' || c == '$'))) {
      p.error(
          at + ".name",
          "invalid-argument-name",
          "'" + name + "' (expected: a flag such as --port, without spaces, '<', '>' or '$')");
    }
  }

  static void withVariables(JsonNode node, String at, Problems p) {
    input(node, at, p);
    JsonNode variables = p.object(node, "variables", at + ".variables", false);
    if (variables != null) {
      for (Map.Entry<String, JsonNode> v : variables.properties()) {
        if (object(v.getValue(), at + ".variables." + v.getKey(), p)) {
          input(v.getValue(), at + ".variables." + v.getKey(), p);
        }
      }
    }
  }

  private static void input(JsonNode node, String at, Problems p) {
    for (String text : new String[] {"description", "value", "default", "placeholder"}) {
      p.string(node, text, at + "." + text, false);
    }
    p.bool(node, "isRequired", at + ".isRequired");
    p.bool(node, "isSecret", at + ".isSecret");
    p.oneOf(p.string(node, "format", at + ".format", false), at + ".format", FORMATS);
    JsonNode choices = p.array(node, "choices", at + ".choices");
    for (int i = 0; choices != null && i < choices.size(); i++) {
      if (!choices.get(i).isString()) {
        p.error(
            at + ".choices[" + i + "]",
            "invalid-type",
            Problems.describe(choices.get(i)) + " (expected: a string)");
      }
    }
  }

  static boolean object(JsonNode node, String at, Problems p) {
    if (!node.isObject()) {
      p.error(at, "invalid-type", Problems.describe(node) + " (expected: an object)");
      return false;
    }
    return true;
  }
}
