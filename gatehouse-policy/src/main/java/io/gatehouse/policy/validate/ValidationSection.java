package io.gatehouse.policy.validate;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Section;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code validation} section of a policy set: {@code arguments} (true or false), {@code
 * output} ({@code off}, {@code log}, {@code refuse}), {@code max-body} (a size such as {@code 1MiB}
 * or {@code 64KiB}, or a number of bytes), {@code max-depth}, {@code max-string-length} and {@code
 * max-array-length}.
 */
public final class ValidationSection implements Section<ValidationSettings> {
  public static final String NAME = "validation";

  private static final Set<String> FIELDS =
      Set.of(
          "enabled",
          "arguments",
          "output",
          "max-body",
          "max-depth",
          "max-string-length",
          "max-array-length");
  private static final List<String> OUTPUT = List.of("off", "log", "refuse");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kib|mib|gib|kb|mb|gb)?");

  /** The largest {@code max-body}: the gateway never takes a body over 2 GiB. */
  static final long MAX_BODY = Integer.MAX_VALUE;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ValidationSettings read(JsonNode node, String path, Problems problems) {
    ValidationSettings d = ValidationSettings.DEFAULTS;
    if (!Fields.object(node, path, FIELDS, problems)) {
      return d;
    }
    boolean arguments = Fields.bool(node.get("arguments"), path + ".arguments", true, problems);
    JsonNode out = node.get("output");
    // YAML reads a bare off as the boolean false.
    String output =
        out != null && out.isBoolean() && !out.booleanValue()
            ? "off"
            : Fields.choice(out, path + ".output", "off", OUTPUT, problems);
    long maxBody = size(node.get("max-body"), path + ".max-body", d.maxBody(), problems);
    int depth =
        (int)
            Fields.integer(
                node.get("max-depth"), path + ".max-depth", d.maxDepth(), 1, 1000, problems);
    int string =
        (int)
            Fields.integer(
                node.get("max-string-length"),
                path + ".max-string-length",
                d.maxStringLength(),
                1,
                Integer.MAX_VALUE,
                problems);
    int array =
        (int)
            Fields.integer(
                node.get("max-array-length"),
                path + ".max-array-length",
                d.maxArrayLength(),
                1,
                Integer.MAX_VALUE,
                problems);
    boolean enabled = Fields.bool(node.get("enabled"), path + ".enabled", true, problems);
    return new ValidationSettings(
        arguments,
        ValidationSettings.OutputCheck.valueOf(output.toUpperCase(Locale.ROOT)),
        maxBody,
        depth,
        string,
        array,
        enabled);
  }

  /**
   * A size in bytes: a whole number, or one with a unit ({@code 512KiB}, {@code 1MiB}, {@code
   * 2MB}).
   */
  static long size(JsonNode node, String path, long fallback, Problems problems) {
    if (Fields.absent(node)) {
      return fallback;
    }
    Long bytes = null;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      bytes = node.longValue();
    } else if (node.isString()) {
      bytes = parseSize(node.stringValue());
    }
    if (bytes == null || bytes < 1 || bytes > MAX_BODY) {
      problems.add(
          path,
          "'"
              + node.asString()
              + "' (expected: a size from 1 byte to 2GiB, such as 65536, 64KiB or 1MiB)");
      return fallback;
    }
    return bytes;
  }

  /** A size as text in bytes, or null if it is not one. */
  static Long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor =
        switch (unit) {
          case "kib" -> 1L << 10;
          case "mib" -> 1L << 20;
          case "gib" -> 1L << 30;
          case "kb" -> 1_000L;
          case "mb" -> 1_000_000L;
          case "gb" -> 1_000_000_000L;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidationSection;
  }

  @Override
  public int hashCode() {
    return NAME.hashCode();
  }
}
