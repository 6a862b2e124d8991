package io.gatehouse.policy.traffic;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the typed fields of a policy section, adding a problem (path and what was expected) for
 * each that is wrong and returning the default in its place, so every section reports all it finds.
 */
public final class Fields {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Fields() {}

  /** Whether {@code node} is absent: missing, or {@code null}. */
  public static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  /**
   * Checks that {@code node} is an object (or absent) whose members are all in {@code known};
   * returns whether it is an object to read further.
   */
  public static boolean object(JsonNode node, String path, Set<String> known, Problems problems) {
    if (absent(node)) {
      return false;
    }
    if (!node.isObject()) {
      problems.add(path, "expected an object with " + String.join(", ", sorted(known)));
      return false;
    }
    for (String name : node.propertyNames()) {
      if (!known.contains(name)) {
        problems.add(
            path + "." + name,
            "unknown field (expected one of: " + String.join(", ", sorted(known)) + ")");
      }
    }
    return true;
  }

  public static boolean bool(JsonNode node, String path, boolean fallback, Problems problems) {
    if (absent(node)) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problems.add(path, "expected true or false");
      return fallback;
    }
    return node.booleanValue();
  }

  /** A whole number within {@code [min, max]}. */
  public static long integer(
      JsonNode node, String path, long fallback, long min, long max, Problems problems) {
    if (absent(node)) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      problems.add(path, "expected a whole number from " + min + " to " + max);
      return fallback;
    }
    long v = node.longValue();
    if (v < min || v > max) {
      problems.add(path, v + " is out of range (expected " + min + " to " + max + ")");
      return fallback;
    }
    return v;
  }

  public static String string(JsonNode node, String path, String fallback, Problems problems) {
    if (absent(node)) {
      return fallback;
    }
    if (!node.isString()) {
      problems.add(path, "expected a string");
      return fallback;
    }
    return node.stringValue();
  }

  /** One of {@code choices}, compared as written. */
  public static String choice(
      JsonNode node, String path, String fallback, List<String> choices, Problems problems) {
    String v = string(node, path, fallback, problems);
    if (v != null && !choices.contains(v)) {
      problems.add(path, "'" + v + "' (expected one of: " + String.join(", ", choices) + ")");
      return fallback;
    }
    return v;
  }

  /** A list of strings; a single string counts as a list of one. */
  public static List<String> strings(
      JsonNode node, String path, List<String> fallback, Problems problems) {
    if (absent(node)) {
      return fallback;
    }
    if (node.isString()) {
      return List.of(node.stringValue());
    }
    if (!node.isArray()) {
      problems.add(path, "expected a list of strings");
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isString()) {
        problems.add(path + "[" + i + "]", "expected a string");
      } else {
        out.add(node.get(i).stringValue());
      }
    }
    return List.copyOf(out);
  }

  /** A map of string values (header names to templates, say). */
  public static Map<String, String> stringMap(JsonNode node, String path, Problems problems) {
    if (absent(node)) {
      return Map.of();
    }
    if (!node.isObject()) {
      problems.add(path, "expected an object of names to strings");
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isString() || e.getValue().isNumber() || e.getValue().isBoolean()) {
        out.put(e.getKey(), e.getValue().asString());
      } else if (!e.getValue().isNull()) {
        problems.add(path + "." + e.getKey(), "expected a string");
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** A duration written {@code 500ms}, {@code 15s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO. */
  public static Duration duration(
      JsonNode node, String path, Duration fallback, Problems problems) {
    if (absent(node)) {
      return fallback;
    }
    Duration d = node.isString() ? parseDuration(node.stringValue()) : null;
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add(
          path,
          "'"
              + node.asString()
              + "' (expected: a duration such as 500ms, 15s, 10m, 2h, 1d or PT10M)");
      return fallback;
    }
    return d;
  }

  /** A duration as text, or null if it is not one. */
  public static Duration parseDuration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
